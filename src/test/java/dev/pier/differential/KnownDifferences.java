package dev.pier.differential;

import java.util.Map;

/**
 * Known differences: cases where Pier is known to answer otherwise than nginx, each with the area that owns
 * the fix. The suite asserts that each still differs, so when one is fixed its test fails and says to remove
 * it from here. Keys are "scenario / case name" as the test report shows them.
 */
final class KnownDifferences {
    static final Map<String, String> EXPECTED_MISMATCHES = Map.ofEntries();

    private KnownDifferences() { }

    /** Why {@code caseName} of {@code scenario} is expected to differ, or null when it must match. */
    static String why(String scenario, String caseName) { return EXPECTED_MISMATCHES.get(scenario + " / " + caseName); }
}

package dev.pier.differential;

import static java.util.Map.entry;

import java.util.Map;

/**
 * Known differences: cases where Pier is known to answer otherwise than nginx, each with the area that owns
 * the fix. The suite asserts that each still differs, so when one is fixed its test fails and says to remove
 * it from here. Keys are "scenario / case name" as the test report shows them.
 */
final class KnownDifferences {
    static final Map<String, String> EXPECTED_MISMATCHES = Map.ofEntries(
            entry("static-files / GET /alias/c.txt",
                    "static files (dev.pier.content.file): alias is not applied, 404"),
            entry("static-files / GET /a.txt If-Match: \"x\"",
                    "static files: If-Match not checked (nginx 412)"),
            entry("static-files / GET /a.txt If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT",
                    "static files: If-Unmodified-Since not checked (nginx 412)"),
            entry("static-files / GET /a.txt Range: bytes=0-1",
                    "static files: byte ranges (206) not implemented"),
            entry("static-files / GET /a.txt Range: bytes=-2",
                    "static files: byte ranges (206) not implemented"),
            entry("static-files / GET /a.txt Range: bytes=10-",
                    "static files: unsatisfiable range (416) not implemented"));

    private KnownDifferences() { }

    /** Why {@code caseName} of {@code scenario} is expected to differ, or null when it must match. */
    static String why(String scenario, String caseName) { return EXPECTED_MISMATCHES.get(scenario + " / " + caseName); }
}

package dev.pier.differential;

import java.util.Map;

/**
 * Known differences: cases where Pier is known to answer otherwise than nginx, each with the area that owns
 * the fix. The suite asserts that each still differs, so when one is fixed its test fails and says to remove
 * it from here. Keys are "scenario / case name" as the test report shows them.
 */
final class KnownDifferences {
    static final Map<String, String> EXPECTED_MISMATCHES = Map.ofEntries(
            Map.entry("proxy / GET /garbage", "proxy: nginx 1.22 passes an answer whose status line it cannot parse on"
                    + " as HTTP/0.9 bytes (\"upstream sent no valid HTTP/1.0 header\"); Pier answers 502, as a backend that"
                    + " sends garbage must get the client a clean error"),
            Map.entry("proxy / GET /inherit/hop Connection: keep-alive, X-Hop | X-Hop: h | Keep-Alive: 300 | TE: trailers"
                    + " | Upgrade: websocket | Proxy-Connection: keep-alive", "proxy headers: a header the client's Connection"
                    + " header names is hop-by-hop (RFC 9110 section 7.6.1) and Pier does not forward it; nginx does"));

    private KnownDifferences() { }

    /** Why {@code caseName} of {@code scenario} is expected to differ, or null when it must match. */
    static String why(String scenario, String caseName) { return EXPECTED_MISMATCHES.get(scenario + " / " + caseName); }
}

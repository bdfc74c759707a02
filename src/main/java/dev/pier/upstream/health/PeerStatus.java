package dev.pier.upstream.health;

/**
 * What one health check knows of one peer at a moment, for status pages and metrics.
 *
 * @param upstream the group's name
 * @param peer the peer as {@code $upstream_addr} names it
 * @param match the check's {@code match} block, "" for the default test
 * @param uri what the check requests
 * @param state checking (mandatory, no result yet), healthy or unhealthy
 * @param consecutiveFails failed probes in a row (0 after a pass)
 * @param consecutivePasses passed probes in a row (0 after a failure)
 * @param checks probes completed
 * @param failedChecks probes that failed
 * @param unhealthy times the peer went unhealthy
 * @param lastCheckMillis wall-clock time the last probe ended (epoch millis), 0 before the first
 * @param lastError why the last probe failed, in nginx's words, or null when it passed (or none ran)
 * @param weightShare the share of its weight the peer has now (below 1 while it ramps up after slow_start)
 */
public record PeerStatus(String upstream, String peer, String match, String uri, PeerHealth.State state,
                         int consecutiveFails, int consecutivePasses, long checks, long failedChecks, long unhealthy,
                         long lastCheckMillis, String lastError, double weightShare) { }

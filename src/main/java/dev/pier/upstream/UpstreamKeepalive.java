package dev.pier.upstream;

/**
 * The upstream {@code keepalive} family: how many idle connections to keep (per event loop, as nginx keeps
 * them per worker), and when a kept connection is retired.
 *
 * @param connections idle connections kept per event loop; 0 closes every connection after its response
 * @param timeoutMillis {@code keepalive_timeout}: an idle connection closes after this long
 * @param requests {@code keepalive_requests}: a connection closes after serving this many
 * @param timeMillis {@code keepalive_time}: a connection closes once it has been open this long
 */
public record UpstreamKeepalive(int connections, long timeoutMillis, int requests, long timeMillis) {
    /** No {@code keepalive} directive: nginx's defaults for the rest (60s, 1000 requests, 1h). */
    public static final UpstreamKeepalive NONE = new UpstreamKeepalive(0, 60_000, 1000, 3_600_000);
}

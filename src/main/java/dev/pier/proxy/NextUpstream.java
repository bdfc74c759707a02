package dev.pier.proxy;

import io.netty.handler.codec.http.HttpMethod;

/**
 * {@code proxy_next_upstream}: the failures after which the next peer is tried, as nginx's NGX_HTTP_UPSTREAM_FT_*
 * bits, and whether a request that is not idempotent may be sent again.
 */
public record NextUpstream(int mask) {
    public static final int ERROR = 1;
    public static final int TIMEOUT = 1 << 1;
    public static final int INVALID_HEADER = 1 << 2;
    public static final int HTTP_500 = 1 << 3;
    public static final int HTTP_502 = 1 << 4;
    public static final int HTTP_503 = 1 << 5;
    public static final int HTTP_504 = 1 << 6;
    public static final int HTTP_403 = 1 << 7;
    public static final int HTTP_404 = 1 << 8;
    public static final int HTTP_429 = 1 << 9;
    public static final int NON_IDEMPOTENT = 1 << 10;
    public static final int OFF = 1 << 11;

    /** nginx's default: {@code error timeout}. */
    public static final NextUpstream DEFAULT = new NextUpstream(ERROR | TIMEOUT);

    /** The bit of a keyword, or 0 for one nginx does not know. */
    static int bit(String keyword) {
        return switch (keyword) {
            case "error" -> ERROR;
            case "timeout" -> TIMEOUT;
            case "invalid_header" -> INVALID_HEADER;
            case "http_500" -> HTTP_500;
            case "http_502" -> HTTP_502;
            case "http_503" -> HTTP_503;
            case "http_504" -> HTTP_504;
            case "http_403" -> HTTP_403;
            case "http_404" -> HTTP_404;
            case "http_429" -> HTTP_429;
            case "non_idempotent" -> NON_IDEMPOTENT;
            case "off" -> OFF;
            default -> 0;
        };
    }

    /** The bit for a response status proxy_next_upstream can name, or 0. */
    public static int statusBit(int status) {
        return switch (status) {
            case 500 -> HTTP_500;
            case 502 -> HTTP_502;
            case 503 -> HTTP_503;
            case 504 -> HTTP_504;
            case 403 -> HTTP_403;
            case 404 -> HTTP_404;
            case 429 -> HTTP_429;
            default -> 0;
        };
    }

    public boolean covers(int bit) { return (mask & OFF) == 0 && (mask & bit) != 0; }

    /** nginx never sends POST, LOCK or PATCH twice unless {@code non_idempotent} is listed. */
    public boolean mayRepeat(HttpMethod method) {
        String m = method.name();
        boolean idempotent = !m.equals("POST") && !m.equals("LOCK") && !m.equals("PATCH");
        return idempotent || (mask & NON_IDEMPOTENT) != 0;
    }
}

package dev.pier.proxy.header;

import java.util.Locale;

/** The upstream response headers {@code proxy_ignore_headers} can make the proxy disregard (nginx's mask table). */
public enum IgnoredHeader {
    X_ACCEL_REDIRECT("X-Accel-Redirect"),
    X_ACCEL_EXPIRES("X-Accel-Expires"),
    X_ACCEL_LIMIT_RATE("X-Accel-Limit-Rate"),
    X_ACCEL_BUFFERING("X-Accel-Buffering"),
    X_ACCEL_CHARSET("X-Accel-Charset"),
    EXPIRES("Expires"),
    CACHE_CONTROL("Cache-Control"),
    SET_COOKIE("Set-Cookie"),
    VARY("Vary");

    private final String header;

    IgnoredHeader(String header) {
        this.header = header;
    }

    public String header() { return header; }

    int bit() { return 1 << ordinal(); }

    /** The member named {@code name} (case-insensitive, as nginx's bitmask slot), or null. */
    static IgnoredHeader named(String name) {
        for (IgnoredHeader h : values()) {
            if (h.header.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return h;
            }
        }
        return null;
    }
}

package dev.pier.http.realip;

import java.util.Locale;

/**
 * Where {@code real_ip_header} takes the client address from. nginx compares the three special names with
 * their exact case ("x-forwarded-for" is an ordinary header, read from its first line only); any other name
 * is a request header, matched without case, first line.
 */
record RealIpSource(Kind kind, String header) {
    enum Kind { X_REAL_IP, X_FORWARDED_FOR, PROXY_PROTOCOL, HEADER }

    static final RealIpSource X_REAL_IP = new RealIpSource(Kind.X_REAL_IP, "X-Real-IP");

    static RealIpSource parse(String name) {
        return switch (name) {
            case "X-Real-IP" -> X_REAL_IP;
            case "X-Forwarded-For" -> new RealIpSource(Kind.X_FORWARDED_FOR, name);
            case "proxy_protocol" -> new RealIpSource(Kind.PROXY_PROTOCOL, null);
            default -> new RealIpSource(Kind.HEADER, name.toLowerCase(Locale.ROOT));
        };
    }
}

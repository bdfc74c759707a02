package dev.pier.proxy.header;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Set;
import java.util.TreeSet;

/**
 * The connection options a message's Connection header names (RFC 9110 §7.6.1): a proxy forwards no field of
 * the same name, since it was meant for the hop that received it. nginx does not do this; Pier does.
 */
final class ConnectionOptions {
    private ConnectionOptions() { }

    /** The names listed in every Connection line, case-insensitive; null when there are none. */
    static Set<String> of(HttpHeaders headers) {
        var lines = headers.getAll("Connection");
        if (lines.isEmpty()) {
            return null;
        }
        Set<String> names = null;
        for (String line : lines) {
            for (String token : line.split(",")) {
                String t = token.trim();
                if (t.isEmpty() || t.equalsIgnoreCase("close") || t.equalsIgnoreCase("keep-alive")) {
                    continue;   // options that name no field anyone forwards (Keep-Alive is dropped as hop-by-hop anyway)
                }
                if (names == null) {
                    names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                }
                names.add(t);
            }
        }
        return names;
    }
}

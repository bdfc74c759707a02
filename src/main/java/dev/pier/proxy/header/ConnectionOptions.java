package dev.pier.proxy.header;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
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
        Set<String> names = null;
        for (Iterator<String> lines = headers.valueStringIterator("Connection"); lines.hasNext(); ) {
            String line = lines.next();
            if (line.indexOf(',') < 0) {
                names = add(names, line.trim());   // the usual one option: nothing to split
                continue;
            }
            for (String token : line.split(",")) {
                names = add(names, token.trim());
            }
        }
        return names;
    }

    private static Set<String> add(Set<String> names, String option) {
        if (option.isEmpty() || option.equalsIgnoreCase("close") || option.equalsIgnoreCase("keep-alive")) {
            return names;   // options that name no field anyone forwards (Keep-Alive is dropped as hop-by-hop anyway)
        }
        Set<String> to = names == null ? new TreeSet<>(String.CASE_INSENSITIVE_ORDER) : names;
        to.add(option);
        return to;
    }
}

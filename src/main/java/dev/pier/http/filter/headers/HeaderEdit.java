package dev.pier.http.filter.headers;

import dev.pier.http.HeaderNames;
import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One header of a {@code more_set_headers} / {@code more_clear_headers} command: {@code Name: value},
 * {@code Name:} or {@code Name} (both clear), a trailing {@code *} matching every name with that prefix.
 * Setting replaces every header of that name (the first keeps the value, the others go) or adds one when
 * there is none; an empty value removes them all.
 */
record HeaderEdit(String name, boolean wildcard, Template value) {

    void apply(HttpExchange ex, HttpHeaders headers) {
        String v = value == null ? "" : value.render(ex);
        if (!wildcard && name.equalsIgnoreCase(HeaderNames.CONTENT_TYPE.toString())) {
            // the module's Content-Type handler: the type is replaced, or removed by an empty value
            headers.remove(HeaderNames.CONTENT_TYPE);
            if (!v.isEmpty()) {
                headers.add(HeaderNames.CONTENT_TYPE, v);
            }
            return;
        }
        List<String> matched = matching(headers);
        if (matched.isEmpty()) {
            // with no header to replace, a value creates one (named as written, even with its '*')
            if (!v.isEmpty()) {
                headers.add(name, v);
            }
            return;
        }
        for (int i = 0; i < matched.size(); i++) {
            if (i == 0 && !v.isEmpty()) {
                headers.set(matched.get(0), v);
            } else {
                headers.remove(matched.get(i));
            }
        }
    }

    /** The distinct names present that this edit matches, in their order. */
    private List<String> matching(HttpHeaders headers) {
        List<String> out = new ArrayList<>(2);
        String prefix = wildcard ? name.substring(0, name.length() - 1).toLowerCase(Locale.ROOT) : null;
        for (Map.Entry<String, String> e : headers) {
            String key = e.getKey();
            boolean hit = wildcard ? key.toLowerCase(Locale.ROOT).startsWith(prefix) : key.equalsIgnoreCase(name);
            if (hit && out.stream().noneMatch(key::equalsIgnoreCase)) {
                out.add(key);
            }
        }
        return out;
    }
}

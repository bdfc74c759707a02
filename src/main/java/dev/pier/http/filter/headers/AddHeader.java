package dev.pier.http.filter.headers;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;

/**
 * One {@code add_header name value [always]}. Most names are added as another header line when the value is
 * not empty; ETag and Last-Modified replace the response's own (an empty value removes it), as nginx's
 * ngx_http_set_response_header and ngx_http_set_last_modified do.
 */
record AddHeader(String name, Template value, boolean always, boolean replaces) {

    static AddHeader of(String name, Template value, boolean always) {
        String lower = name.toLowerCase(Locale.ROOT);
        return new AddHeader(name, value, always, lower.equals("etag") || lower.equals("last-modified"));
    }

    void apply(HttpExchange ex, HttpHeaders headers) {
        String v = value.render(ex);
        if (replaces) {
            headers.remove(name);
            if (!v.isEmpty()) {
                headers.add(name, v);
            }
        } else if (!v.isEmpty()) {
            headers.add(name, v);
        }
    }
}

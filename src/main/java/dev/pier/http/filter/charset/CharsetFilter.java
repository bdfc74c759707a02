package dev.pier.http.filter.charset;

import dev.pier.http.HeaderFilter;
import dev.pier.http.HeaderNames;
import io.netty.handler.codec.http.HttpHeaderNames;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import io.netty.handler.codec.http.HttpResponse;

/**
 * nginx's charset header filter without recoding: a response whose type is one of charset_types gets
 * {@code ; charset=name} on its Content-Type, when the source charset is unknown ({@code source_charset} not
 * set) or the same. A different source charset would need a charset_map, which Pier does not have.
 */
final class CharsetFilter implements HeaderFilter {
    private final CharsetSetting charset;
    private final CharsetSetting source;
    private final CharsetTypes types;

    CharsetFilter(CharsetSetting charset, CharsetSetting source, CharsetTypes types) {
        this.charset = charset;
        this.source = source;
        this.types = types;
    }

    @Override public void apply(HttpExchange exchange, HttpResponse response) {
        String type = response.headers().get(HeaderNames.CONTENT_TYPE);
        // a type that already carries parameters, or an encoded body, is left alone
        if (type == null || type.isEmpty() || type.indexOf(';') >= 0 || !types.matches(type)) {
            return;
        }
        String encoding = response.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.isEmpty()) {
            return;
        }
        String name = charset.resolve(exchange);
        if (name.isEmpty() || name.equals("off")) {
            return;
        }
        if (source != null) {
            String from = source.resolve(exchange);
            if (!from.equalsIgnoreCase(name)) {
                RequestLog.error(exchange, "no \"charset_map\" between the charsets \"" + from + "\" and \"" + name + "\"");
                return;
            }
        }
        response.headers().set(HeaderNames.CONTENT_TYPE, type + "; charset=" + name);
    }
}

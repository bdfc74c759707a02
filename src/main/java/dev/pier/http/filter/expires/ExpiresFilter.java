package dev.pier.http.filter.expires;

import dev.pier.http.HeaderFilter;
import dev.pier.http.HeaderNames;
import dev.pier.http.HttpDate;
import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import io.netty.handler.codec.http.HttpResponse;
import java.time.ZoneId;

/**
 * Sets Expires and Cache-Control (replacing any already there) on the statuses nginx's headers filter
 * covers. A value with variables ({@code expires $expires;} fed by a map) is parsed per response.
 */
final class ExpiresFilter implements HeaderFilter {
    private final ExpiresSetting setting;
    private final Template value;
    private final boolean modified;

    ExpiresFilter(ExpiresSetting setting) {
        this.setting = setting;
        this.value = null;
        this.modified = false;
    }

    ExpiresFilter(Template value, boolean modified) {
        this.setting = null;
        this.value = value;
        this.modified = modified;
    }

    /** False for a fixed {@code expires off}, which needs no filter at all. */
    boolean active() {
        return setting == null || setting.kind() != ExpiresSetting.Kind.OFF;
    }

    @Override public void apply(HttpExchange exchange, HttpResponse response) {
        if (!applies(response.status().code())) {
            return;
        }
        ExpiresSetting setting = this.setting;
        if (setting == null) {
            String v = value.render(exchange);
            try {
                setting = ExpiresSetting.parse(v, modified);
            } catch (IllegalArgumentException e) {
                // nginx 1.22 sends the response without expiry headers and logs nothing
                return;
            }
            if (setting.kind() == ExpiresSetting.Kind.OFF) {
                return;
            }
        }
        long lastModified = HttpDate.parseSeconds(response.headers().get(HeaderNames.LAST_MODIFIED));
        ExpiresHeaders h = ExpiresHeaders.compute(setting, System.currentTimeMillis() / 1000, lastModified, ZoneId.systemDefault());
        response.headers().set(HeaderNames.EXPIRES, h.expires());
        response.headers().set(HeaderNames.CACHE_CONTROL, h.cacheControl());
        // nginx's range filter runs after its headers filter: its headers follow Expires on the wire
        moveToEnd(response, HeaderNames.CONTENT_RANGE);
        moveToEnd(response, HeaderNames.ACCEPT_RANGES);
    }

    private static void moveToEnd(HttpResponse response, CharSequence name) {
        String value = response.headers().get(name);
        if (value != null) {
            response.headers().remove(name).add(name, value);
        }
    }

    /** ngx_http_headers_filter: 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 only. */
    static boolean applies(int status) {
        return switch (status) {
            case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
            default -> false;
        };
    }
}

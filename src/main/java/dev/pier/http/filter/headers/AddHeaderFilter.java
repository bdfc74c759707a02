package dev.pier.http.filter.headers;

import dev.pier.http.HeaderFilter;
import dev.pier.http.HttpExchange;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;

/** The {@code add_header} lines in force at a level, run in order on each response head. */
final class AddHeaderFilter implements HeaderFilter {
    private final AddHeader[] headers;

    AddHeaderFilter(List<AddHeader> headers) {
        this.headers = headers.toArray(new AddHeader[0]);
    }

    @Override public void apply(HttpExchange exchange, HttpResponse response) {
        boolean safe = safeStatus(response.status().code());
        for (AddHeader h : headers) {
            if (safe || h.always()) {
                h.apply(exchange, response.headers());
            }
        }
    }

    /** ngx_http_headers_filter: without {@code always}, only these statuses get the headers. */
    static boolean safeStatus(int status) {
        return switch (status) {
            case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
            default -> false;
        };
    }
}

package dev.pier.proxy.header;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import java.util.List;

/**
 * {@code $proxy_add_x_forwarded_for}: every X-Forwarded-For line of the request, each followed by ", ", then
 * {@code $remote_addr}; just {@code $remote_addr} when there is none. An empty line still counts (nginx's
 * ", 127.0.0.1"), as nginx 1.22's ngx_http_proxy_add_x_forwarded_for_variable.
 */
final class ForwardedFor implements Variable {
    private static final Variable REMOTE_ADDR = Variables.find("remote_addr");

    @Override public String value(HttpExchange ex) {
        String addr = REMOTE_ADDR.value(ex);
        List<String> lines = ex.request().headers().getAll("X-Forwarded-For");
        if (lines.isEmpty()) {
            return addr;
        }
        StringBuilder sb = new StringBuilder(64);
        for (String line : lines) {
            sb.append(line).append(", ");
        }
        return sb.append(addr).toString();
    }
}

package dev.pier.proxy;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Variables;
import java.util.Locale;

/** The proxy's variables: $proxy_host, $proxy_port and the $upstream_* family, read from the request's {@link UpstreamState}. */
final class ProxyVariables {
    private ProxyVariables() { }

    static void register() {
        Variables.builtIn("proxy_host", ex -> ex.handlerState() instanceof UpstreamState s && s.pass != null ? s.pass.hostText() : null);
        Variables.builtIn("proxy_port", ex -> ex.handlerState() instanceof UpstreamState s && s.pass != null && !s.pass.unix()
                ? Integer.toString(s.pass.port()) : null);
        Variables.builtIn("upstream_addr", ex -> list(ex, a -> a.peer));
        Variables.builtIn("upstream_status", ex -> list(ex, a -> a.status == 0 ? "-" : Integer.toString(a.status)));
        Variables.builtIn("upstream_response_time", ex -> list(ex, a -> UpstreamState.seconds(a.responseNanos)));
        Variables.builtIn("upstream_connect_time", ex -> list(ex, a -> UpstreamState.seconds(a.connectNanos)));
        Variables.builtIn("upstream_header_time", ex -> list(ex, a -> UpstreamState.seconds(a.headerNanos)));
        Variables.builtIn("upstream_response_length", ex -> list(ex, a -> Long.toString(a.responseLength)));
        Variables.builtIn("upstream_bytes_received", ex -> list(ex, a -> Long.toString(a.bytesReceived)));
        Variables.builtIn("upstream_bytes_sent", ex -> list(ex, a -> Long.toString(a.bytesSent)));
        Variables.builtInFamily("upstream_http_", name -> {
            String header = name.toLowerCase(Locale.ROOT).replace('_', '-');
            return ex -> ex.handlerState() instanceof UpstreamState s && s.headers != null ? s.headers.get(header) : null;
        });
        Variables.builtInFamily("upstream_cookie_", name -> ex -> cookie(ex, name));
    }

    private static String list(HttpExchange ex, java.util.function.Function<UpstreamState.Attempt, String> value) {
        return ex.handlerState() instanceof UpstreamState s ? s.list(value) : null;
    }

    /** The value of cookie {@code name} in the upstream's Set-Cookie headers, as nginx's $upstream_cookie_. */
    private static String cookie(HttpExchange ex, String name) {
        if (!(ex.handlerState() instanceof UpstreamState s) || s.headers == null) {
            return null;
        }
        for (String set : s.headers.getAll("Set-Cookie")) {
            int eq = set.indexOf('=');
            if (eq > 0 && set.substring(0, eq).trim().equalsIgnoreCase(name)) {
                int semi = set.indexOf(';', eq);
                return set.substring(eq + 1, semi < 0 ? set.length() : semi).trim();
            }
        }
        return null;
    }
}

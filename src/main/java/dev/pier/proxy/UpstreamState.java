package dev.pier.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy did for one request, kept in {@code HttpExchange.handlerState()} for the $upstream_*
 * variables: one record per attempt (nginx's r->upstream_states), and a separator where an internal redirect
 * proxied again, so lists read "a, b : c" as nginx's.
 */
final class UpstreamState {
    /** One attempt with one peer; -1 in a time means "not reached" (nginx prints "-"). */
    static final class Attempt {
        final String peer;
        int status;
        long connectNanos = -1;
        long headerNanos = -1;
        long responseNanos = -1;
        long responseLength;
        long bytesReceived;
        long bytesSent;

        Attempt(String peer) { this.peer = peer; }
    }

    /** null entries separate the attempts of successive internal redirects. */
    final List<Attempt> attempts = new ArrayList<>(2);
    /** The proxy_pass in force (rendered, for a URL with variables): $proxy_host, $proxy_port. */
    ProxyPass pass;
    /** The response headers of the last upstream response ($upstream_http_*), or null. */
    HttpHeaders headers;

    Attempt add(String peer) {
        Attempt a = new Attempt(peer);
        attempts.add(a);
        return a;
    }

    /** A new proxying pass after an internal redirect: its attempts are listed after " : ". */
    void redirected() {
        if (!attempts.isEmpty()) {
            attempts.add(null);
        }
        headers = null;
    }

    /** A list variable: each attempt's value, ", " between attempts, " : " across redirects. */
    String list(java.util.function.Function<Attempt, String> value) {
        if (attempts.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            if (a == null) {
                sb.append(" : ");
                continue;
            }
            if (i > 0 && attempts.get(i - 1) != null) {
                sb.append(", ");
            }
            sb.append(value.apply(a));
        }
        return sb.toString();
    }

    /** nginx's "%T.%03M" for a duration, "-" when not reached. */
    static String seconds(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        long ms = nanos / 1_000_000;
        return ms / 1000 + "." + String.format("%03d", ms % 1000);
    }
}

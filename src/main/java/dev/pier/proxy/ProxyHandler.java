package dev.pier.proxy;

import dev.pier.http.ContentHandler;
import dev.pier.http.HttpExchange;

/** The content handler of a location with {@code proxy_pass}: each request gets its own {@link ProxyRequest}. */
final class ProxyHandler implements ContentHandler {
    private final ProxyLocation location;

    ProxyHandler(ProxyLocation location) {
        this.location = location;
    }

    @Override public void handle(HttpExchange exchange) {
        UpstreamState state;
        if (exchange.handlerState() instanceof UpstreamState s) {
            s.redirected();
            state = s;
        } else {
            state = new UpstreamState();
            exchange.handlerState(state);
        }
        new ProxyRequest(exchange, location, state).start();
    }
}

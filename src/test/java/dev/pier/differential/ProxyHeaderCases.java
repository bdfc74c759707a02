package dev.pier.differential;

/**
 * {@code $proxy_add_x_forwarded_for} as {@code return} bodies render it (every X-Forwarded-For line, empty ones
 * too, then the client's address), and the proxy header directives loaded at every level without changing an
 * answer that is not proxied.
 */
final class ProxyHeaderCases {
    private ProxyHeaderCases() { }

    static Scenario scenario() {
        return Scenario.of("proxy-headers").host("proxy.test")
                .get("/xff")
                .get("/xff", "X-Forwarded-For: 10.0.0.1")
                .get("/xff", "X-Forwarded-For: 10.0.0.1, 10.0.0.2", "X-Forwarded-For: 10.0.0.3")
                .get("/xff-and-header", "X-Forwarded-For: a", "X-Forwarded-For:", "X-Forwarded-For: b")
                .get("/xff-and-header", "x-forwarded-for: lower")
                .get("/rules/x", "X-Forwarded-For: 1.2.3.4");
    }
}

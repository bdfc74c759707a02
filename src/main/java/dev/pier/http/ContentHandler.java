package dev.pier.http;

/** Produces the response of a location: static files, {@code return}, later proxying. One per location. */
@FunctionalInterface
public interface ContentHandler {
    void handle(HttpExchange exchange);
}

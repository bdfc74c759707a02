package dev.pier.http;

import io.netty.handler.codec.http.HttpResponse;

/** Changes the response head before it is sent: {@code expires}, {@code add_header}, charset ... */
@FunctionalInterface
public interface HeaderFilter {
    void apply(HttpExchange exchange, HttpResponse response);
}

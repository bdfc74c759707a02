package dev.pier.variables;

import dev.pier.http.HttpExchange;

/** A value computed from the request when a template needs it; null when the variable is not found (renders empty). */
@FunctionalInterface
public interface Variable {
    String value(HttpExchange exchange);
}

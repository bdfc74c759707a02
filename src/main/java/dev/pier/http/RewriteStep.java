package dev.pier.http;

/** One step of the rewrite phase (nginx's script codes): {@code return}, later {@code rewrite}, {@code set}, {@code if}. */
@FunctionalInterface
public interface RewriteStep {
    /** Runs the step; returns true when it finished the request (a response was sent) and the phase must stop. */
    boolean run(HttpExchange exchange);
}

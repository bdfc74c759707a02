package dev.pier.http;

/**
 * A handler of the phases between rewrite and content ({@code try_files}, nginx's PRECONTENT phase). It runs
 * in the location configuration the rewrite phase ended in (a true {@code if} block's, perhaps).
 */
@FunctionalInterface
public interface PrecontentStep {
    /** Runs the step; returns true when it finished the request (a response was sent, or a redirect took over). */
    boolean run(HttpExchange exchange);
}

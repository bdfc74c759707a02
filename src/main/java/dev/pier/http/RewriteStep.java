package dev.pier.http;

/**
 * A handler of the rewrite phases (nginx's SERVER_REWRITE and REWRITE): the rewrite module's compiled script
 * of a server or a location. What it decided comes back as an {@link Outcome}, as nginx's phase handlers
 * answer the phase engine.
 */
@FunctionalInterface
public interface RewriteStep {
    /** What the request does after the step. */
    enum Outcome {
        /** Go on: the next step, then the next phase. */
        NEXT,
        /** The URI changed and must be matched against the locations again (nginx's r->uri_changed). */
        LOCATION_SEARCH,
        /** A response was sent or the request ended: nothing else runs. */
        FINISHED
    }

    Outcome run(HttpExchange exchange);
}

package dev.pier.http;

import dev.pier.config.PierModule;
import dev.pier.config.Settings;

/**
 * A module of the http context: besides its directives, it adds its handlers to each location's plan,
 * once, when the configuration is built ({@code install}), so a request never looks a directive up.
 */
public interface HttpModule extends PierModule {
    /** Adds what this module does for a location whose merged settings are {@code settings}. */
    default void install(LocationPlan.Builder plan, Settings settings) { }

    /** Adds what this module does at server level, before location matching (server-level {@code return}). */
    default void installServer(LocationPlan.Builder plan, Settings serverSettings) { }

    /** Sees the built http block, still inside the load (TLS loads its certificates here); may fail the load. */
    default void built(HttpConfig http, dev.pier.config.LoadContext ctx) { }
}

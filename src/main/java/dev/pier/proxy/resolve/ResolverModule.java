package dev.pier.proxy.resolve;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.Settings;
import dev.pier.http.HttpModule;

/**
 * {@code resolver} and {@code resolver_timeout} (http, server, location; inherited). A proxy reads a
 * location's resolver with {@link #resolver(Settings)} when it installs, and calls it per request for a
 * host that names no {@code upstream} group.
 */
public final class ResolverModule implements HttpModule {
    /** The level's {@code resolver} line, or null when none is in force. */
    public static final ConfigKey<ResolverSpec> RESOLVER = ConfigKey.of("resolver", null);
    /** {@code resolver_timeout}, milliseconds (nginx's default 30s). */
    public static final ConfigKey<Long> TIMEOUT = ConfigKey.of("resolver_timeout", 30_000L);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("resolver").in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY)
                .handle((d, ctx) -> ctx.setOnce(RESOLVER, ResolverSpec.parse(d, ctx), d)));
        r.add(DirectiveSpec.named("resolver_timeout").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(TIMEOUT, ConfigValues.millis(d, 0, ctx), d)));
    }

    /** The resolver of a level whose merged settings are {@code settings}: {@link ProxyResolver#NONE} without {@code resolver}. */
    public static ProxyResolver resolver(Settings settings) {
        ResolverSpec spec = settings.get(RESOLVER);
        return spec == null ? ProxyResolver.NONE : new ProxyResolver(NameServers.of(spec), settings.get(TIMEOUT));
    }
}

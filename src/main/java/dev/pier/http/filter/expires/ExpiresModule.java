package dev.pier.http.filter.expires;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpModule;
import dev.pier.http.LocationPlan;
import dev.pier.variables.Template;

/** {@code expires [modified] time | epoch | max | off}: Expires and Cache-Control on successful and redirect responses. */
public final class ExpiresModule implements HttpModule {
    /** The filter for a level's {@code expires}: a fixed setting, or a value with variables parsed per response. */
    static final ConfigKey<ExpiresFilter> EXPIRES = ConfigKey.of("expires", new ExpiresFilter(ExpiresSetting.OFF));

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("expires").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1, 2).handle(ExpiresModule::parse));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        ExpiresFilter filter = settings.get(EXPIRES);
        if (filter.active()) {
            plan.headerFilter(filter);
        }
    }

    /** A response made before a location is chosen (server-level return, an error) gets the server's expiry. */
    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        install(plan, serverSettings);
    }

    private static void parse(ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(EXPIRES)) {
            throw ctx.duplicate(d);
        }
        boolean modified = false;
        String value = d.arg(0);
        if (d.argCount() == 2) {
            if (!d.arg(0).equals("modified")) {
                throw ctx.error("invalid value \"" + d.arg(0) + "\"", d);
            }
            modified = true;
            value = d.arg(1);
        }
        try {
            ctx.settings().set(EXPIRES, value.indexOf('$') >= 0
                    ? new ExpiresFilter(Template.compile(value), modified)
                    : new ExpiresFilter(ExpiresSetting.parse(value, modified)));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage() + " \"" + value + "\"", d);
        }
    }
}

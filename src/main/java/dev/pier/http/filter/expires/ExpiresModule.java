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

/** {@code expires [modified] time | epoch | max | off}: Expires and Cache-Control on successful and redirect responses. */
public final class ExpiresModule implements HttpModule {
    public static final ConfigKey<ExpiresSetting> EXPIRES = ConfigKey.of("expires", ExpiresSetting.OFF);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("expires").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1, 2).handle(ExpiresModule::parse));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        ExpiresSetting s = settings.get(EXPIRES);
        if (s.kind() != ExpiresSetting.Kind.OFF) {
            plan.headerFilter(new ExpiresFilter(s));
        }
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
            ctx.settings().set(EXPIRES, ExpiresSetting.parse(value, modified));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage() + " \"" + value + "\"", d);
        }
    }
}

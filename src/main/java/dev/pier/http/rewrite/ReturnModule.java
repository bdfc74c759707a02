package dev.pier.http.rewrite;

import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.IF_IN_SERVER;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpModule;
import dev.pier.http.LocationPlan;
import dev.pier.variables.Template;

/**
 * {@code return code [text|URL]} and {@code return URL}: ends the request with a status, a body or a
 * redirect. At server level it runs before any location is chosen, as nginx's server rewrite phase.
 */
public final class ReturnModule implements HttpModule {
    /** Not inherited: a level runs only its own rewrite script. */
    public static final ConfigKey<ReturnAction> RETURN = ConfigKey.local("return", null);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("return").in(SERVER, LOCATION, IF_IN_SERVER, IF_IN_LOCATION).args(1, 2).handle(ReturnModule::parse));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        ReturnAction action = settings.get(RETURN);
        if (action != null) {
            plan.rewrite(action);
        }
    }

    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        install(plan, serverSettings);
    }

    private static void parse(ConfigDirective d, LoadContext ctx) {
        String first = d.arg(0);
        long code = ConfigValues.number(first);
        ReturnAction action;
        try {
            if (code < 0) {
                if (d.argCount() != 1 || !(first.startsWith("http://") || first.startsWith("https://") || first.startsWith("$scheme"))) {
                    throw ctx.error("invalid return code \"" + first + "\"", d);
                }
                action = new ReturnAction(302, Template.compile(first));
            } else {
                if (code > 999) {
                    throw ctx.error("invalid return code \"" + first + "\"", d);
                }
                action = new ReturnAction((int) code, d.argCount() == 2 ? Template.compile(d.arg(1)) : null);
            }
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
        // nginx runs a level's returns in order and the first ends the request: the later ones never run
        if (!ctx.settings().isSet(RETURN)) {
            ctx.settings().set(RETURN, action);
        }
    }
}

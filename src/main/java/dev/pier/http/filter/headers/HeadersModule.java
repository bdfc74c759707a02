package dev.pier.http.filter.headers;

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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code add_header name value [always]}: headers added to responses with a successful or redirect status,
 * or to every response with {@code always}. A level with its own {@code add_header} lines replaces the
 * inherited ones whole. Registered after {@code expires}, as both are nginx's headers filter, expires first.
 */
public final class HeadersModule implements HttpModule {
    static final ConfigKey<List<AddHeader>> ADD_HEADERS = ConfigKey.of("add_header", null);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("add_header").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(2, 3).handle(HeadersModule::parse));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        List<AddHeader> headers = settings.get(ADD_HEADERS);
        if (headers != null && !headers.isEmpty()) {
            plan.headerFilter(new AddHeaderFilter(headers));
        }
    }

    /** Responses made before a location is chosen (server-level return, errors) get the server's headers. */
    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        install(plan, serverSettings);
    }

    private static void parse(ConfigDirective d, LoadContext ctx) {
        boolean always = false;
        if (d.argCount() == 3) {
            if (!d.arg(2).equalsIgnoreCase("always")) {
                throw ctx.error("invalid parameter \"" + d.arg(2) + "\"", d);
            }
            always = true;
        }
        Template value;
        try {
            value = Template.compile(d.arg(1));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
        List<AddHeader> list = ctx.settings().isSet(ADD_HEADERS) ? ctx.settings().get(ADD_HEADERS) : new ArrayList<>();
        ctx.settings().set(ADD_HEADERS, list);
        list.add(AddHeader.of(d.arg(0), value, always));
    }
}

package dev.pier.http.errorpage;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
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
 * {@code error_page code ... [=[response]] uri|@name|URL} and {@code recursive_error_pages}. A level with
 * its own {@code error_page} lines replaces the inherited list whole, as nginx's merge does.
 */
public final class ErrorPageModule implements HttpModule {
    static final ConfigKey<ErrorPageTable> ERROR_PAGES = ConfigKey.of("error_page", null);
    static final ConfigKey<Boolean> RECURSIVE = ConfigKey.of("recursive_error_pages", false);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("error_page").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(2, DirectiveSpec.MANY)
                .handle(ErrorPageModule::parse));
        r.add(DirectiveSpec.named("recursive_error_pages").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(RECURSIVE, ConfigValues.flag(d, ctx), d)));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        ErrorPageTable table = settings.get(ERROR_PAGES);
        if (table != null) {
            plan.errorPages(new ErrorPageList(table, settings.get(RECURSIVE)));
        }
    }

    /** Errors answered before a location is chosen (bad requests, a server-level return) use the server's list. */
    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        install(plan, serverSettings);
    }

    /** ngx_http_core_error_page, with its checks in its order and its wording. */
    private static void parse(ConfigDirective d, LoadContext ctx) {
        int n = d.argCount();
        String last = d.arg(n - 1);
        String before = d.arg(n - 2);
        int overwrite = -1;
        int codes = n - 1;
        if (before.startsWith("=")) {
            if (n == 2) {
                throw ctx.error("invalid value \"" + before + "\"", d);
            }
            if (before.length() > 1) {
                overwrite = atoi(before.substring(1));
                if (overwrite < 0) {
                    throw ctx.error("invalid value \"" + before + "\"", d);
                }
            } else {
                overwrite = 0;
            }
            codes = n - 2;
        }
        Template target;
        try {
            target = Template.compile(last);
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
        String path = null;
        String args = null;
        if (target.isConstant() && last.startsWith("/")) {
            int q = last.indexOf('?');
            path = q < 0 ? last : last.substring(0, q);
            args = q < 0 ? null : last.substring(q + 1);
        }
        ErrorPageTable table = ctx.settings().isSet(ERROR_PAGES) ? ctx.settings().get(ERROR_PAGES) : new ErrorPageTable();
        ctx.settings().set(ERROR_PAGES, table);
        for (int i = 0; i < codes; i++) {
            String code = d.arg(i);
            int status = atoi(code);
            if (status < 0 || status == 499) {
                throw ctx.error("invalid value \"" + code + "\"", d);
            }
            if (status < 300 || status > 599) {
                throw ctx.error("value \"" + code + "\" must be between 300 and 599", d);
            }
            int own = overwrite;
            // nginx's internal 494..497 are answered as 400 unless the directive says otherwise
            if (own == -1 && status >= 494 && status <= 497) {
                own = 400;
            }
            table.add(status, new ErrorPage(own, target, path, args));
        }
    }

    /** nginx's ngx_atoi: decimal digits only; -1 for anything else or an overflow. */
    private static int atoi(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

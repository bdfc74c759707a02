package dev.pier.content.file;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code root}, {@code alias}, {@code index}, {@code etag}: where files come from and how they are described. */
public final class StaticFileModule implements HttpModule {
    /** nginx's default root is "html" under the prefix; resolved against the prefix at load. */
    public static final ConfigKey<DocumentRoot> ROOT = ConfigKey.of("root", null);
    public static final ConfigKey<List<Template>> INDEX = ConfigKey.of("index", List.of(Template.compile("index.html")));
    public static final ConfigKey<Boolean> ETAG = ConfigKey.of("etag", true);

    private static final StaticFileHandler HANDLER = new StaticFileHandler();

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("root").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1).handle((d, ctx) -> root(d, ctx, false)));
        r.add(DirectiveSpec.named("alias").in(LOCATION).args(1).handle((d, ctx) -> root(d, ctx, true)));
        r.add(DirectiveSpec.named("index").in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY).handle(StaticFileModule::index));
        r.add(DirectiveSpec.named("etag").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(ETAG, ConfigValues.flag(d, ctx), d)));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        plan.contentIfUnset(HANDLER);
    }

    /** The default root for a prefix: {@code <prefix>/html}. */
    public static DocumentRoot defaultRoot(Path prefix) {
        return new DocumentRoot(Template.compile("html"), prefix, false);
    }

    private static void root(ConfigDirective d, LoadContext ctx, boolean alias) {
        if (ctx.settings().isSet(ROOT)) {
            DocumentRoot existing = ctx.settings().get(ROOT);
            if (existing.alias() == alias) {
                throw ctx.duplicate(d);
            }
            throw ctx.error("\"" + d.name() + "\" directive is duplicate, \"" + (alias ? "root" : "alias") + "\" directive was specified earlier", d);
        }
        String value = d.arg(0);
        // nginx strips a trailing slash from root (but not from alias)
        if (!alias && value.length() > 1 && value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            ctx.settings().set(ROOT, new DocumentRoot(Template.compile(value), ctx.prefix(), alias));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    private static void index(ConfigDirective d, LoadContext ctx) {
        List<Template> list = new ArrayList<>(ctx.settings().isSet(INDEX) ? ctx.settings().get(INDEX) : List.of());
        for (String name : d.args()) {
            if (name.isEmpty()) {
                throw ctx.error("index \"" + name + "\" in \"index\" directive is invalid", d);
            }
            try {
                list.add(Template.compile(name));
            } catch (IllegalArgumentException e) {
                throw ctx.error(e.getMessage(), d);
            }
        }
        ctx.settings().set(INDEX, List.copyOf(list));
    }
}

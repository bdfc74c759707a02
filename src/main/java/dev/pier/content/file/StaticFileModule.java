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
import java.util.Locale;

/**
 * {@code root}, {@code alias}, {@code index}, {@code etag}, {@code if_modified_since}, {@code max_ranges}
 * and the {@code open_file_cache} family: where files come from and how they are described.
 *
 * <p>Unlike nginx, Pier caches stat results by default: without an {@code open_file_cache} directive a
 * location behaves as {@code open_file_cache max=1000 inactive=20s; open_file_cache_valid 1s;} (valid is
 * 1s rather than nginx's 60s so an edited file shows within a second). {@code open_file_cache off}
 * turns it off; an explicit {@code open_file_cache} uses nginx's defaults (valid 60s, min_uses 1, errors off).
 */
public final class StaticFileModule implements HttpModule {
    /** nginx's default root is "html" under the prefix; resolved against the prefix at load. */
    public static final ConfigKey<DocumentRoot> ROOT = ConfigKey.of("root", null);
    public static final ConfigKey<List<Template>> INDEX = ConfigKey.of("index", List.of(Template.compile("index.html")));
    public static final ConfigKey<Boolean> ETAG = ConfigKey.of("etag", true);
    public static final ConfigKey<IfModifiedSince> IF_MODIFIED_SINCE = ConfigKey.of("if_modified_since", IfModifiedSince.EXACT);
    /** nginx's unset max_ranges means "no limit". */
    public static final ConfigKey<Long> MAX_RANGES = ConfigKey.of("max_ranges", (long) Integer.MAX_VALUE);

    /** {@code open_file_cache}: max entries (0 = off), inactive millis, and whether it is Pier's implicit default. */
    record CacheSpec(int max, long inactiveMillis, boolean implicit) { }

    static final ConfigKey<CacheSpec> OPEN_FILE_CACHE = ConfigKey.of("open_file_cache", new CacheSpec(1000, 20_000, true));
    static final ConfigKey<Long> OPEN_FILE_CACHE_VALID = ConfigKey.of("open_file_cache_valid", -1L);
    static final ConfigKey<Long> OPEN_FILE_CACHE_MIN_USES = ConfigKey.of("open_file_cache_min_uses", 1L);
    static final ConfigKey<Boolean> OPEN_FILE_CACHE_ERRORS = ConfigKey.of("open_file_cache_errors", false);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("root").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1).handle((d, ctx) -> root(d, ctx, false)));
        r.add(DirectiveSpec.named("alias").in(LOCATION).args(1).handle((d, ctx) -> root(d, ctx, true)));
        r.add(DirectiveSpec.named("index").in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY).handle(StaticFileModule::index));
        r.add(DirectiveSpec.named("etag").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(ETAG, ConfigValues.flag(d, ctx), d)));
        r.add(DirectiveSpec.named("if_modified_since").in(HTTP, SERVER, LOCATION).args(1).handle(StaticFileModule::ifModifiedSince));
        r.add(DirectiveSpec.named("max_ranges").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            long n = ConfigValues.number(d.arg(0));
            if (n < 0) {
                throw ctx.invalidValue(d, d.arg(0));
            }
            ctx.setOnce(MAX_RANGES, n, d);
        }));
        r.add(DirectiveSpec.named("open_file_cache").in(HTTP, SERVER, LOCATION).args(1, 2).handle(StaticFileModule::openFileCache));
        r.add(DirectiveSpec.named("open_file_cache_valid").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(OPEN_FILE_CACHE_VALID, ConfigValues.millis(d, 0, ctx), d)));
        r.add(DirectiveSpec.named("open_file_cache_min_uses").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            long n = ConfigValues.number(d.arg(0));
            if (n < 0) {
                throw ctx.invalidValue(d, d.arg(0));
            }
            ctx.setOnce(OPEN_FILE_CACHE_MIN_USES, n, d);
        }));
        r.add(DirectiveSpec.named("open_file_cache_errors").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(OPEN_FILE_CACHE_ERRORS, ConfigValues.flag(d, ctx), d)));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        if (!plan.hasContent()) {
            plan.contentIfUnset(new StaticFileHandler(cacheSetting(settings)));
        }
    }

    /** The open file cache a location uses, from its merged settings (equal values share one cache per loop). */
    static OpenFileCacheSetting cacheSetting(Settings settings) {
        CacheSpec spec = settings.get(OPEN_FILE_CACHE);
        if (spec.max() == 0) {
            return OpenFileCacheSetting.OFF;
        }
        long valid = settings.get(OPEN_FILE_CACHE_VALID);
        if (valid < 0) {
            valid = spec.implicit() ? 1_000 : 60_000;
        }
        return new OpenFileCacheSetting(spec.max(), spec.inactiveMillis(), valid,
                (int) Math.min(Integer.MAX_VALUE, settings.get(OPEN_FILE_CACHE_MIN_USES)), settings.get(OPEN_FILE_CACHE_ERRORS));
    }

    /** The default root for a prefix: {@code <prefix>/html}. */
    public static DocumentRoot defaultRoot(Path prefix) {
        return new DocumentRoot(Template.compile("html"), prefix, false);
    }

    private static void ifModifiedSince(ConfigDirective d, LoadContext ctx) {
        IfModifiedSince mode = switch (d.arg(0).toLowerCase(Locale.ROOT)) {
            case "off" -> IfModifiedSince.OFF;
            case "exact" -> IfModifiedSince.EXACT;
            case "before" -> IfModifiedSince.BEFORE;
            default -> throw ctx.error("invalid value \"" + d.arg(0) + "\" in \"if_modified_since\" directive, it must be \"off\", \"exact\" or \"before\"", d);
        };
        ctx.setOnce(IF_MODIFIED_SINCE, mode, d);
    }

    /** {@code open_file_cache off | max=N [inactive=time]} with nginx's messages. */
    private static void openFileCache(ConfigDirective d, LoadContext ctx) {
        long max = -1;
        long inactive = 60_000;
        for (String a : d.args()) {
            if (a.startsWith("max=")) {
                max = ConfigValues.number(a.substring(4));
                if (max <= 0) {
                    throw ctx.error("invalid \"open_file_cache\" parameter \"" + a + "\"", d);
                }
            } else if (a.startsWith("inactive=")) {
                inactive = ConfigValues.millis(a.substring(9));
                if (inactive < 0) {
                    throw ctx.error("invalid \"open_file_cache\" parameter \"" + a + "\"", d);
                }
            } else if (a.equals("off")) {
                max = 0;
            } else {
                throw ctx.error("invalid \"open_file_cache\" parameter \"" + a + "\"", d);
            }
        }
        if (max < 0) {
            throw ctx.error("\"open_file_cache\" must have the \"max\" parameter", d);
        }
        ctx.setOnce(OPEN_FILE_CACHE, new CacheSpec((int) Math.min(Integer.MAX_VALUE, max), inactive, false), d);
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

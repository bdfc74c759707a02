package dev.pier.content.file;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.http.HttpModule;
import java.util.Locale;

/**
 * {@code autoindex}, {@code autoindex_format}, {@code autoindex_exact_size}, {@code autoindex_localtime}:
 * nginx's directory listings. The listing itself runs from {@link StaticFileHandler} when a URI ending
 * in '/' finds no index file, as nginx's autoindex handler follows its index handler.
 */
public final class AutoindexModule implements HttpModule {
    public enum Format { HTML, JSON, XML, JSONP }

    public static final ConfigKey<Boolean> AUTOINDEX = ConfigKey.of("autoindex", false);
    public static final ConfigKey<Format> FORMAT = ConfigKey.of("autoindex_format", Format.HTML);
    public static final ConfigKey<Boolean> EXACT_SIZE = ConfigKey.of("autoindex_exact_size", true);
    public static final ConfigKey<Boolean> LOCALTIME = ConfigKey.of("autoindex_localtime", false);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("autoindex").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(AUTOINDEX, ConfigValues.flag(d, ctx), d)));
        r.add(DirectiveSpec.named("autoindex_format").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            Format f = switch (d.arg(0)) {
                case "html" -> Format.HTML;
                case "json" -> Format.JSON;
                case "xml" -> Format.XML;
                case "jsonp" -> Format.JSONP;
                default -> throw ctx.error("invalid value \"" + d.arg(0) + "\" in \"autoindex_format\" directive, it must be \"html\", \"json\", \"xml\" or \"jsonp\"", d);
            };
            ctx.setOnce(FORMAT, f, d);
        }));
        r.add(DirectiveSpec.named("autoindex_exact_size").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(EXACT_SIZE, ConfigValues.flag(d, ctx), d)));
        r.add(DirectiveSpec.named("autoindex_localtime").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(LOCALTIME, ConfigValues.flag(d, ctx), d)));
    }

    static String lower(Format f) { return f.name().toLowerCase(Locale.ROOT); }
}

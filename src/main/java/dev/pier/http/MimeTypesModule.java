package dev.pier.http;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@code types { mime ext ...; }} and {@code default_type}: the Content-Type of files by extension. */
public final class MimeTypesModule implements HttpModule {
    /** nginx's built-in table when no {@code types} block is configured anywhere. */
    private static final MimeTypes BUILT_IN = new MimeTypes(Map.of("html", "text/html", "gif", "image/gif", "jpg", "image/jpeg"));

    public static final ConfigKey<MimeTypes> TYPES = ConfigKey.of("types", BUILT_IN);
    public static final ConfigKey<String> DEFAULT_TYPE = ConfigKey.of("default_type", "text/plain");

    /** Extension (lowercase) to type. */
    public record MimeTypes(Map<String, String> byExtension) {
        public MimeTypes {
            byExtension = Map.copyOf(byExtension);
        }

        /** The type for a file name's extension, or null. */
        public String forPath(String path) {
            int slash = path.lastIndexOf('/');
            int dot = path.lastIndexOf('.');
            if (dot <= slash || dot == path.length() - 1) {
                return null;
            }
            String ext = path.substring(dot + 1);
            String t = byExtension.get(ext);
            return t != null ? t : byExtension.get(ext.toLowerCase(Locale.ROOT));
        }
    }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("types").in(HTTP, SERVER, LOCATION).args(0).block().handle(MimeTypesModule::types));
        r.add(DirectiveSpec.named("default_type").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(DEFAULT_TYPE, d.arg(0), d)));
    }

    private static void types(ConfigDirective d, LoadContext ctx) {
        // several types blocks at one level add up, as nginx's types block does
        Map<String, String> table = ctx.settings().isSet(TYPES) ? new HashMap<>(ctx.settings().get(TYPES).byExtension()) : new HashMap<>();
        for (ConfigDirective entry : d.block()) {
            if (entry.isBlock()) {
                throw ctx.error("unexpected \"{\"", entry);
            }
            if (entry.args().isEmpty()) {
                throw ctx.error("invalid number of arguments in \"" + entry.name() + "\" directive", entry);
            }
            for (String ext : entry.args()) {
                String key = ext.toLowerCase(Locale.ROOT);
                String previous = table.put(key, entry.name());
                if (previous != null && !previous.equals(entry.name())) {
                    ctx.warn("duplicate extension \"" + ext + "\", content type: \"" + entry.name()
                            + "\", previous content type: \"" + previous + "\"", entry);
                }
            }
        }
        ctx.settings().set(TYPES, new MimeTypes(table));
    }
}

package dev.pier.http.map;

import static dev.pier.config.Context.HTTP;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigException;
import dev.pier.http.HttpModule;
import dev.pier.variables.Template;
import dev.pier.variables.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code map source $variable { ... }}: a variable whose value is chosen by the rendered source among the
 * block's keys, computed when a request first reads it (every time with {@code volatile}). The block is
 * compiled into a {@link MapTable} at load. {@code map_hash_*} only drive nginx's load-time checks
 * ({@link MapHashSizing}): Java's hash maps need no sizing.
 */
public final class MapModule implements HttpModule {
    static final ConfigKey<Long> HASH_MAX_SIZE = ConfigKey.local("map_hash_max_size", 2048L);
    static final ConfigKey<Long> HASH_BUCKET_SIZE = ConfigKey.local("map_hash_bucket_size", 64L);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("map").in(HTTP).args(2).block().handle(MapModule::map));
        r.add(DirectiveSpec.named("map_hash_max_size").in(HTTP).args(1).handle((d, ctx) -> number(d, ctx, HASH_MAX_SIZE)));
        r.add(DirectiveSpec.named("map_hash_bucket_size").in(HTTP).args(1).handle((d, ctx) -> number(d, ctx, HASH_BUCKET_SIZE)));
    }

    /** ngx_conf_set_num_slot: a plain number, once per level. */
    private static void number(ConfigDirective d, LoadContext ctx, ConfigKey<Long> key) {
        long n = ConfigValues.number(d.arg(0));
        if (n < 0) {
            throw ctx.error("\"" + d.name() + "\" directive invalid number", d);
        }
        ctx.setOnce(key, n, d);
    }

    private static void map(ConfigDirective d, LoadContext ctx) {
        Template source;
        try {
            source = Template.compile(d.arg(0));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
        String name = ComputedVariables.name(d, d.arg(1), ctx);
        MapTable.Builder table = new MapTable.Builder();
        boolean cacheable = true;
        for (ConfigDirective entry : d.block()) {
            List<String> words = ComputedVariables.words(entry, ctx);
            String key = words.get(0);
            if (words.size() == 1 && key.equals("hostnames")) {
                table.hostnames();
                continue;
            }
            if (words.size() == 1 && key.equals("volatile")) {
                cacheable = false;
                continue;
            }
            if (words.size() != 2) {
                throw ctx.error("invalid number of the map parameters", entry);
            }
            try {
                addEntry(table, key, MapValue.compile(words.get(1)), entry, ctx);
            } catch (IllegalArgumentException e) {
                throw ctx.error(e.getMessage(), entry);
            }
        }
        checkHashSizes(table, ctx);
        ComputedVariables.define(d, name, new MapVariable(source, table.build()), cacheable, ctx);
    }

    /**
     * nginx sizes a map's hash tables with the map_hash_* values in force when the block is read, and fixes
     * them then: a map_hash_* directive after the first map is "is duplicate".
     */
    private static void checkHashSizes(MapTable.Builder table, LoadContext ctx) {
        Settings http = ctx.settings();
        long bucket = http.isSet(HASH_BUCKET_SIZE) ? MapHashSizing.alignBucket(http.get(HASH_BUCKET_SIZE)) : MapHashSizing.CACHE_LINE;
        long max = http.isSet(HASH_MAX_SIZE) ? http.get(HASH_MAX_SIZE) : 2048L;
        http.set(HASH_BUCKET_SIZE, bucket);
        http.set(HASH_MAX_SIZE, max);
        MapHashSizing sizing = new MapHashSizing(bucket, max);
        List<Set<String>> tables = new ArrayList<>();
        tables.add(table.exactKeys());
        tables.addAll(table.wildcardLevels());
        for (Set<String> keys : tables) {
            String error = sizing.tooLong(keys);
            if (error != null) {
                throw new ConfigException(error);   // nginx names no line here
            }
            String warning = sizing.notOptimal(keys);
            if (warning != null) {
                ctx.warn(warning);
            }
        }
    }

    /** One {@code key value;} line, in ngx_http_map's order of checks. */
    private static void addEntry(MapTable.Builder table, String key, MapValue value, ConfigDirective entry, LoadContext ctx) {
        if (key.equals("default")) {
            if (table.hasDefault()) {
                throw ctx.error("duplicate default map parameter", entry);
            }
            table.defaultValue(value);
            return;
        }
        if (key.startsWith("~")) {
            boolean caseless = key.startsWith("~*");
            String regex = key.substring(caseless ? 2 : 1);
            table.regex(PcreErrors.compile(regex, caseless), value);
            Variables.declareCaptures(regex);
            return;
        }
        if (key.startsWith("\\")) {
            key = key.substring(1);   // "\default", "\~x", "\hostnames": the word itself as a key
        }
        String low = Ascii.lower(key);
        switch (table.add(low, value)) {
            case OK -> { }
            case CONFLICT -> throw ctx.error("conflicting parameter \"" + low + "\"", entry);
            case INVALID -> throw ctx.error("invalid hostname or wildcard \"" + key + "\"", entry);   // not lowercased yet
        }
    }
}

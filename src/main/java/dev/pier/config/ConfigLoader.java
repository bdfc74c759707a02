package dev.pier.config;

import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigException;
import dev.pier.config.syntax.ConfigSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies a parsed directive tree to the registered modules: checks each directive's name, context, block
 * form and argument count with nginx's wording, then lets its handler turn it into typed settings.
 */
public final class ConfigLoader {
    private final DirectiveRegistry registry;
    private final Path prefix;
    private final Path confDir;
    private final LoadResult result = new LoadResult();
    /** The directive being applied on this thread, so code deep in a handler can say where a problem was written. */
    private static final ThreadLocal<ConfigSource> CURRENT = new ThreadLocal<>();

    public ConfigLoader(DirectiveRegistry registry, Path prefix, Path confDir) {
        this.registry = registry;
        this.prefix = prefix;
        this.confDir = confDir;
    }

    /** Loads the main context; returns the main-level settings. Module results are in {@link #result()}. */
    public Settings loadMain(List<ConfigDirective> directives) {
        Settings main = new Settings();
        apply(directives, new LoadContext(this, null, Context.MAIN, main, result));
        return main;
    }

    public LoadResult result() { return result; }

    Path prefix() { return prefix; }

    Path confDir() { return confDir; }

    void warn(String message) { result.warn(message); }

    void apply(List<ConfigDirective> directives, LoadContext ctx) {
        for (ConfigDirective d : directives) {
            if (d.isFailure()) {
                throw d.failure();
            }
            DirectiveSpec spec = registry.find(d.name(), ctx.context());
            if (spec == null) {
                throw new ConfigException("unknown directive \"" + d.name() + "\"", d.source());
            }
            if (!spec.contexts().contains(ctx.context())) {
                throw new ConfigException("\"" + d.name() + "\" directive is not allowed here", d.source());
            }
            if (!spec.block() && d.isBlock()) {
                throw new ConfigException("directive \"" + d.name() + "\" is not terminated by \";\"", d.source());
            }
            if (spec.block() && !d.isBlock()) {
                throw new ConfigException("directive \"" + d.name() + "\" has no opening \"{\"", d.source());
            }
            if (d.argCount() < spec.minArgs() || d.argCount() > spec.maxArgs()) {
                throw new ConfigException("invalid number of arguments in \"" + d.name() + "\" directive", d.source());
            }
            ConfigSource outer = CURRENT.get();
            CURRENT.set(d.source());
            try {
                spec.handler().apply(d, ctx);
            } finally {
                CURRENT.set(outer);
            }
        }
    }

    /** Where the directive being applied was written; null outside a load. */
    public static ConfigSource currentSource() { return CURRENT.get(); }
}

package dev.pier.config;

import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigException;
import java.nio.file.Path;
import java.util.List;

/**
 * The loader's view of one level while directives are applied to it: which context it is, the settings it
 * sets, the builder object of its block (a server, a location ...), and the levels around it.
 */
public final class LoadContext {
    private final ConfigLoader loader;
    private final LoadContext parent;
    private final Context context;
    private final Settings settings;
    private final Object block;

    LoadContext(ConfigLoader loader, LoadContext parent, Context context, Settings settings, Object block) {
        this.loader = loader;
        this.parent = parent;
        this.context = context;
        this.settings = settings;
        this.block = block;
    }

    public Context context() { return context; }

    /** The values this level sets itself. */
    public Settings settings() { return settings; }

    /** The builder of the nearest enclosing block of this type (this level's own included). */
    public <T> T enclosing(Class<T> type) {
        for (LoadContext c = this; c != null; c = c.parent) {
            if (type.isInstance(c.block)) {
                return type.cast(c.block);
            }
        }
        throw new IllegalStateException("no enclosing " + type.getSimpleName());
    }

    /** The object every level shares for the whole load; modules keep their results on it. */
    public LoadResult result() { return loader.result(); }

    /** Applies the directives of a block as a new level inside this one. */
    public void loadBlock(List<ConfigDirective> directives, Context innerContext, Settings innerSettings, Object innerBlock) {
        loader.apply(directives, new LoadContext(loader, this, innerContext, innerSettings, innerBlock));
    }

    /** Sets a value once per level; a second setting at the same level is nginx's "is duplicate" error. */
    public <T> void setOnce(ConfigKey<T> key, T value, ConfigDirective d) {
        if (settings.isSet(key)) {
            throw duplicate(d);
        }
        settings.set(key, value);
    }

    public Path prefix() { return loader.prefix(); }

    public Path confDir() { return loader.confDir(); }

    public ConfigException error(String message, ConfigDirective d) {
        return new ConfigException(message, d.source());
    }

    public ConfigException duplicate(ConfigDirective d) {
        return error("\"" + d.name() + "\" directive is duplicate", d);
    }

    /** nginx's {@code invalid value "x" in "name" directive}. */
    public ConfigException invalidValue(ConfigDirective d, String value) {
        return error("invalid value \"" + value + "\" in \"" + d.name() + "\" directive", d);
    }

    public void warn(String message, ConfigDirective d) {
        loader.warn(message + " in " + d.source());
    }

    /** A warning about the configuration as a whole, without a line (nginx's "conflicting server name"). */
    public void warn(String message) {
        loader.warn(message);
    }
}

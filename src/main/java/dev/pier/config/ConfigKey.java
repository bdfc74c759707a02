package dev.pier.config;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;

/**
 * A typed setting with a default. Each key gets a small index when its module's class loads, so a merged
 * location reads a setting by array index ({@code ROOT.get(location.settings())}), never by directive name.
 */
public final class ConfigKey<T> {
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

    private final int index;
    private final String name;
    private final T defaultValue;
    private final boolean inherited;

    private ConfigKey(String name, T defaultValue, boolean inherited) {
        this(name, defaultValue, inherited, null);
    }

    @SuppressWarnings("unchecked")
    private ConfigKey(String name, T defaultValue, boolean inherited, BinaryOperator<T> combine) {
        this.index = NEXT_INDEX.getAndIncrement();
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.inherited = inherited;
        synchronized (Settings.INHERITED) {
            Settings.INHERITED.set(index, inherited);
            if (combine != null) {
                Settings.COMBINE.put(index, (BinaryOperator<Object>) combine);
            }
        }
    }

    /** A key whose value the named directive sets; {@code defaultValue} applies where no level sets it. */
    public static <T> ConfigKey<T> of(String name, T defaultValue) {
        return new ConfigKey<>(name, defaultValue, true);
    }

    /**
     * A key whose value, when both a level and its parent set it, is {@code combine(parent, child)}: for the
     * few modules whose lists accumulate down the levels instead of being replaced (headers-more's commands).
     */
    public static <T> ConfigKey<T> combined(String name, T defaultValue, BinaryOperator<T> combine) {
        return new ConfigKey<>(name, defaultValue, true, Objects.requireNonNull(combine, "combine"));
    }

    /**
     * A key that belongs to the level that sets it and is never inherited, as the rewrite module's script
     * ({@code return}, {@code rewrite}): a location without its own runs none of the server's.
     */
    public static <T> ConfigKey<T> local(String name, T defaultValue) {
        return new ConfigKey<>(name, defaultValue, false);
    }

    boolean inherited() { return inherited; }

    static int count() { return NEXT_INDEX.get(); }

    int index() { return index; }

    public String name() { return name; }

    public T defaultValue() { return defaultValue; }

    public T get(Settings settings) { return settings.get(this); }

    @Override public String toString() { return "ConfigKey(" + name + ")"; }
}

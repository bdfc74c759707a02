package dev.pier.config;

import java.util.Arrays;

/**
 * The values one configuration level (main, http, server, location) sets, indexed by {@link ConfigKey}.
 * While loading, a level holds only what it sets itself; {@link #inheritFrom} then fills what it leaves
 * unset from its parent, the way nginx's merge_loc_conf does: a child that sets a value replaces the
 * parent's whole (lists included), a child that does not inherits it.
 */
public final class Settings {
    /** Which key indexes inherit; filled as keys are created. */
    static final java.util.BitSet INHERITED = new java.util.BitSet();
    /** How the few keys that accumulate combine a parent's value with a child's; guarded by INHERITED. */
    static final java.util.Map<Integer, java.util.function.BinaryOperator<Object>> COMBINE = new java.util.HashMap<>();

    private Object[] values;
    private boolean frozen;

    public Settings() {
        this.values = new Object[ConfigKey.count()];
    }

    private Settings(Object[] values) {
        this.values = values;
    }

    public boolean isSet(ConfigKey<?> key) {
        return key.index() < values.length && values[key.index()] != null;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        int i = key.index();
        if (i < values.length) {
            Object v = values[i];
            if (v != null) {
                return (T) v;
            }
        }
        return key.defaultValue();
    }

    public <T> void set(ConfigKey<T> key, T value) {
        if (frozen) {
            throw new IllegalStateException("settings are frozen");
        }
        if (key.index() >= values.length) {
            values = Arrays.copyOf(values, ConfigKey.count());
        }
        values[key.index()] = value;
    }

    /** A new level that has this level's values and, where this level sets nothing, the parent's. */
    public Settings inheritFrom(Settings parent) {
        int n = ConfigKey.count();
        Object[] merged = Arrays.copyOf(values, n);
        for (int i = 0; i < n; i++) {
            if (merged[i] == null && i < parent.values.length && parent.values[i] != null && INHERITED.get(i)) {
                merged[i] = parent.values[i];
            } else if (merged[i] != null && i < parent.values.length && parent.values[i] != null) {
                java.util.function.BinaryOperator<Object> combine;
                synchronized (INHERITED) {
                    combine = COMBINE.get(i);
                }
                if (combine != null) {
                    merged[i] = combine.apply(parent.values[i], merged[i]);
                }
            }
        }
        return new Settings(merged);
    }

    /** Forbids further changes: request handling only ever reads frozen settings. */
    public Settings freeze() {
        frozen = true;
        return this;
    }
}

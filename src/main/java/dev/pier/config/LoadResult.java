package dev.pier.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a load produced beside main-level settings: each module's own result by type, and the warnings. */
public final class LoadResult {
    private final Map<Class<?>, Object> parts = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public <T> void put(Class<T> type, T part) { parts.put(type, part); }

    public <T> T get(Class<T> type) { return type.cast(parts.get(type)); }

    /** Every part that is a {@code type} (an interface some parts implement), in no particular order. */
    public <T> java.util.List<T> all(Class<T> type) {
        return parts.values().stream().filter(type::isInstance).map(type::cast).toList();
    }

    void warn(String message) { warnings.add(message); }

    public List<String> warnings() { return List.copyOf(warnings); }
}

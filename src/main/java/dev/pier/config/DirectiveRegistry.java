package dev.pier.config;

import java.util.HashMap;
import java.util.Map;

/** Every directive Pier knows, by name. Filled once by the modules; read by the loader. */
public final class DirectiveRegistry {
    private final Map<String, DirectiveSpec> specs = new HashMap<>();

    public DirectiveRegistry add(DirectiveSpec spec) {
        if (specs.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("directive registered twice: " + spec.name());
        }
        return this;
    }

    public DirectiveSpec find(String name) { return specs.get(name); }

    public Iterable<DirectiveSpec> all() { return specs.values(); }
}

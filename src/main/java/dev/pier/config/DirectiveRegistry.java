package dev.pier.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every directive Pier knows, by name. Filled once by the modules; read by the loader. A name may have one spec
 * per context, as nginx's modules share names across blocks ({@code server} in http and in upstream,
 * {@code keepalive_timeout} in http and in upstream).
 */
public final class DirectiveRegistry {
    private final Map<String, List<DirectiveSpec>> specs = new HashMap<>();

    public DirectiveRegistry add(DirectiveSpec spec) {
        List<DirectiveSpec> same = specs.computeIfAbsent(spec.name(), n -> new ArrayList<>(1));
        for (DirectiveSpec s : same) {
            if (!Collections.disjoint(s.contexts(), spec.contexts())) {
                throw new IllegalStateException("directive registered twice: " + spec.name());
            }
        }
        same.add(spec);
        return this;
    }

    /** The first spec registered under {@code name}, or null. */
    public DirectiveSpec find(String name) {
        List<DirectiveSpec> same = specs.get(name);
        return same == null ? null : same.get(0);
    }

    /** The spec of {@code name} allowed in {@code context}, else the first one (whose contexts then refuse it). */
    public DirectiveSpec find(String name, Context context) {
        List<DirectiveSpec> same = specs.get(name);
        if (same == null) {
            return null;
        }
        for (DirectiveSpec s : same) {
            if (s.contexts().contains(context)) {
                return s;
            }
        }
        return same.get(0);
    }

    public Iterable<DirectiveSpec> all() {
        return specs.values().stream().flatMap(List::stream).toList();
    }
}

package dev.pier.variables;

import dev.pier.http.HttpExchange;

/**
 * A variable the configuration defines ({@code set}, {@code map}, {@code geo}, {@code split_clients}) or one
 * a template named before its definition was seen. Each has a slot in the request's variable array: a value
 * {@code set} stored, or the value its {@linkplain #compute computation} gave the first time it was read
 * (every time, for a {@code volatile} one), as nginx's indexed variables.
 *
 * <p>Built while one configuration loads and fixed by {@link Variables#finishLoad}; read-only after that.
 */
public final class UserVariable implements Variable {
    private final String name;
    private final int index;
    private Variable computation;
    private boolean cacheable = true;
    private boolean defined;
    private Variable delegate;

    UserVariable(String name, int index) {
        this.name = name;
        this.index = index;
    }

    public String name() { return name; }

    /** The slot of this variable in {@link HttpExchange#variableSlot}. */
    public int index() { return index; }

    /** True once {@code set}, {@code map} ... defined it. */
    public boolean isDefined() { return defined; }

    void markDefined() { defined = true; }

    /** The value is computed on first read ({@code map}); {@code cacheable=false} computes it on every read. */
    void compute(Variable computation, boolean cacheable) {
        this.computation = computation;
        this.cacheable = cacheable;
        this.defined = true;
    }

    /** Not defined by the configuration but a built-in family member ({@code $http_x}): reads go to it. */
    void delegateTo(Variable v) { this.delegate = v; }

    @Override public String value(HttpExchange ex) {
        if (delegate != null) {
            return delegate.value(ex);
        }
        Object slot = ex.variableSlot(index);
        if (slot != null) {
            return slot == HttpExchange.NOT_FOUND ? null : (String) slot;
        }
        if (computation == null) {
            return null;   // defined by set but not set yet on this request: nginx's uninitialized variable
        }
        String v = computation.value(ex);
        if (cacheable) {
            ex.variableSlot(index, v == null ? HttpExchange.NOT_FOUND : v);
        }
        return v;
    }

    /** Stores a value for this request ({@code set}); a null value reads as not found. */
    public void set(HttpExchange ex, String value) {
        ex.variableSlot(index, value == null ? HttpExchange.NOT_FOUND : value);
    }

    @Override public String toString() { return "$" + name; }
}

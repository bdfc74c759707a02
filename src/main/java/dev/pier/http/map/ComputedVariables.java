package dev.pier.http.map;

import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.RequestLog;
import dev.pier.variables.UserVariable;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;

/** Defining the variable of a {@code map}, {@code geo} or {@code split_clients} block, with nginx's checks. */
final class ComputedVariables {
    private ComputedVariables() { }

    /**
     * The name in {@code $name}, as ngx_http_add_variable takes it: nginx's {@code invalid variable name} when the
     * '$' is missing, {@code the duplicate "host" variable} for a built-in.
     */
    static String name(ConfigDirective d, String word, LoadContext ctx) {
        if (word.isEmpty() || word.charAt(0) != '$') {
            throw ctx.error("invalid variable name \"" + word + "\"", d);
        }
        return word.substring(1);
    }

    static UserVariable define(ConfigDirective d, String name, Variable computation, boolean cacheable, LoadContext ctx) {
        if (Variables.isBuiltIn(Ascii.lower(name))) {   // nginx compares variable names without case
            throw ctx.error("the duplicate \"" + name + "\" variable", d);
        }
        return Variables.defineComputed(name, guarded(name, computation), cacheable);
    }

    /** nginx's ngx_http_variable_depth: how deep variables may compute each other before it calls it a cycle. */
    static final int MAX_DEPTH = 100;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * A computation that gives up, as nginx does, when variables computing each other ({@code map $a $b} with a
     * value using {@code $a}) nest more than {@link #MAX_DEPTH} deep: the innermost reads as not found and the
     * error is logged, instead of the stack overflowing.
     */
    static Variable guarded(String name, Variable computation) {
        return ex -> {
            int[] depth = DEPTH.get();
            if (depth[0] >= MAX_DEPTH) {
                if (ex != null) {
                    RequestLog.error(ex, "cycle while evaluating variable \"" + name + "\"");
                }
                return null;
            }
            depth[0]++;
            try {
                return computation.value(ex);
            } finally {
                depth[0]--;
            }
        };
    }

    /** The entries of a block, one word list each, failing on a nested block or a syntax error inside it. */
    static java.util.List<String> words(ConfigDirective entry, LoadContext ctx) {
        if (entry.isFailure()) {
            throw entry.failure();
        }
        if (entry.isBlock()) {
            throw ctx.error("unexpected \"{\"", entry);
        }
        java.util.List<String> words = new java.util.ArrayList<>(entry.argCount() + 1);
        words.add(entry.name());
        words.addAll(entry.args());
        return words;
    }
}

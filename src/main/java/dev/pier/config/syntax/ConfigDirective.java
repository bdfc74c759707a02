package dev.pier.config.syntax;

import java.util.List;

/**
 * One directive of the nginx-syntax tree: its name, its arguments with quotes and escapes already resolved,
 * and, for block directives ({@code server { ... }}), the directives inside the block.
 *
 * <p>A syntax error does not abort parsing at once: it ends the tree with a {@linkplain #failure() failed}
 * node, which the loader throws when it reaches it. nginx reads and applies directives in one pass, so an
 * error in a directive's meaning (line 2) is reported before a syntax error further down (line 9); Pier
 * reports the same one.
 *
 * @param block the directives inside the braces, or {@code null} for a simple directive ended by ';'
 * @param failure the syntax error this node stands for, or {@code null} for a real directive
 */
public record ConfigDirective(String name, List<String> args, List<ConfigDirective> block, ConfigSource source,
                              ConfigException failure) {
    public ConfigDirective {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    public ConfigDirective(String name, List<String> args, List<ConfigDirective> block, ConfigSource source) {
        this(name, args, block, source, null);
    }

    /** The node that ends a tree at a syntax error. */
    static ConfigDirective failed(ConfigException e) {
        return new ConfigDirective("", List.of(""), null, e.source(), e);
    }

    public boolean isFailure() { return failure != null; }

    public boolean isBlock() { return block != null; }

    public String arg(int i) { return args.get(i); }

    public int argCount() { return args.size(); }
}

package dev.pier.config.syntax;

import java.util.List;

/**
 * One directive of the nginx-syntax tree: its name, its arguments with quotes and escapes already resolved,
 * and, for block directives ({@code server { ... }}), the directives inside the block.
 *
 * @param block the directives inside the braces, or {@code null} for a simple directive ended by ';'
 */
public record ConfigDirective(String name, List<String> args, List<ConfigDirective> block, ConfigSource source) {
    public ConfigDirective {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    public boolean isBlock() { return block != null; }

    public String arg(int i) { return args.get(i); }

    public int argCount() { return args.size(); }
}

package dev.pier.config.syntax;

import java.nio.file.Path;

/**
 * Where a directive was written: the file and the line, as nginx reports them ("in /etc/pier/pier.conf:12").
 * Directives given with {@code -g} have no line: nginx reports them "in command line".
 */
public record ConfigSource(Path file, int line) {
    /** The pseudo file of {@code -g} directives. */
    public static final ConfigSource COMMAND_LINE = new ConfigSource(Path.of("command line"), 0);

    @Override public String toString() { return line <= 0 ? file.toString() : file + ":" + line; }
}

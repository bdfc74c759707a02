package dev.pier.config.syntax;

import java.nio.file.Path;

/** Where a directive was written: the file and the line, as nginx reports them ("in /etc/pier/pier.conf:12"). */
public record ConfigSource(Path file, int line) {
    @Override public String toString() { return file + ":" + line; }
}

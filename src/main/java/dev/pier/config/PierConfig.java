package dev.pier.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded configuration: the main-level settings, each module's part (the http context ...), the warnings
 * the load produced, and where it came from. Immutable; a reload builds a new one.
 */
public record PierConfig(Path prefix, Path file, Settings main, LoadResult parts, List<String> warnings) {
    public <T> T part(Class<T> type) { return parts.get(type); }
}

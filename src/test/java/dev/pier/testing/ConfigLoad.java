package dev.pier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads configuration text from {@code conf/pier.conf} in a directory of its own, as {@code pier -t} would: the
 * fixture of the tests that check a module's load errors and warnings. Error messages come back with the
 * file's path written as {@code F}, so a case reads {@code ... in F:4}.
 */
public final class ConfigLoad {
    /** What {@link #server} puts before its directives: they start on line 4. */
    private static final String SERVER_HEAD = "events {}\nhttp {\n  server { listen 127.0.0.1:0;\n  ";

    private final Path dir;

    public ConfigLoad(Path dir) {
        this.dir = dir;
    }

    public Path file() {
        return dir.resolve("conf/pier.conf");
    }

    /** Loads {@code text} as the whole file. */
    public PierConfig load(String text) {
        try {
            Files.createDirectories(dir.resolve("conf"));
            Files.createDirectories(dir.resolve("logs"));
            return Modules.load(dir, Files.writeString(file(), text), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code directives} inside {@code http { }}: they start on line 3. */
    public PierConfig http(String directives) {
        return load("events {}\nhttp {\n" + directives + "\n}\n");
    }

    /** Loads {@code directives} inside one {@code server { }} of {@code http}: they start on line 4. */
    public PierConfig server(String directives) {
        return load(SERVER_HEAD + directives + "\n } }\n");
    }

    /** The error loading {@code text} as the whole file gives; fails the test if it loads. */
    public String error(String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(text));
        assertThat(e).as("expected an error for " + text).isNotNull();
        return e.getMessage().replace(file().toString(), "F");
    }

    public String httpError(String directives) {
        return error("events {}\nhttp {\n" + directives + "\n}\n");
    }

    public String serverError(String directives) {
        return error(SERVER_HEAD + directives + "\n } }\n");
    }
}

package dev.pier.http.filter.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What more_set_headers and more_clear_headers refuse, in the headers-more module's words, with file:line. */
class MoreHeadersConfigTest {
    @TempDir Path dir;

    private Path file(String http) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        return Files.writeString(dir.resolve("conf/pier.conf"), "events {}\nhttp { " + http + " server { listen 127.0.0.1:8; } }\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unknown option     | more_set_headers -x 'A: b';         | more_set_headers: invalid option name: \"-x\" in F:2",
        "option without arg | more_set_headers 'A: b' -s;         | more_set_headers: option -s takes an argument. in F:2",
        "type without arg   | more_clear_headers A -t;            | more_clear_headers: option -t takes an argument. in F:2",
        "bad status         | more_set_headers -s '404 5x0' 'A: b'; | more_set_headers: invalid digit \"x\" found in the status code list \"404 5x0\" in F:2",
        "short wildcard     | more_clear_headers '*';             | more_clear_headers: wildcard key to short: * in F:2",
        "no key             | more_set_headers ' ';               | more_set_headers: no key found in the header argument:   in F:2",
    })
    void refused(String name, String http, String message) throws IOException {
        Path f = file(http);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Modules.load(dir, f, null));
        assertThat(e).isNotNull();
        assertThat(e.getMessage().replace(f.toString(), "F")).isEqualTo(message);
    }

    @Test void contentLengthIsLeftAloneWithAWarning() throws IOException {
        Path f = file("more_set_headers 'Content-Length: 5';");
        PierConfig config = Modules.load(dir, f, null);
        assertThat(config.warnings()).anyMatch(w -> w.contains("\"Content-Length\" frames Pier's responses"));
    }
}

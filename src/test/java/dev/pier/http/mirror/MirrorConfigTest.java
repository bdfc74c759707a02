package dev.pier.http.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.config.PierConfig;
import dev.pier.testing.ConfigLoad;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mirror directives' errors, in nginx's words (checked with nginx -t). */
class MirrorConfigTest {
    @TempDir Path dir;

    private PierConfig load(String server) {
        return new ConfigLoad(dir).server(server);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mirror /a; mirror off;                                 | \"mirror\" directive is duplicate in F:4",
        "mirror off; mirror /a;                                 | \"mirror\" directive is duplicate in F:4",
        "mirror off; mirror off;                                | \"mirror\" directive is duplicate in F:4",
        "mirror;                                                | invalid number of arguments in \"mirror\" directive in F:4",
        "mirror /a /b;                                          | invalid number of arguments in \"mirror\" directive in F:4",
        "location / { if ($x) { mirror /a; } }                  | \"mirror\" directive is not allowed here in F:4",
        "mirror_request_body maybe;                             | invalid value \"maybe\" in \"mirror_request_body\" directive, it must be \"on\" or \"off\" in F:4",
        "mirror_request_body on; mirror_request_body off;       | \"mirror_request_body\" directive is duplicate in F:4",
    })
    void errors(String directives, String expected) {
        assertThat(new ConfigLoad(dir).serverError(directives)).isEqualTo(expected);
    }

    @Test void theSameUriTwiceAndEveryLevelAreAccepted() {
        assertThat(load("mirror /a; mirror /a; mirror_request_body off; location / { mirror off; } location /b { mirror /b; }")
                .warnings()).isEmpty();
    }
}

package dev.pier.http.realip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.config.PierConfig;
import dev.pier.testing.ConfigLoad;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The realip directives' errors and warnings, in nginx's words (checked with nginx -t). */
class RealIpConfigTest {
    @TempDir Path dir;

    private PierConfig load(String server) {
        return new ConfigLoad(dir).server(server);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "set_real_ip_from nosuch.invalid;                   | host not found in set_real_ip_from \"nosuch.invalid\" in F:4",
        "set_real_ip_from 1.2.3.0/33;                       | host not found in set_real_ip_from \"1.2.3.0/33\" in F:4",
        "real_ip_header X-A; real_ip_header X-B;            | \"real_ip_header\" directive is duplicate in F:4",
        "real_ip_recursive maybe;                           | invalid value \"maybe\" in \"real_ip_recursive\" directive, it must be \"on\" or \"off\" in F:4",
        "real_ip_recursive on; real_ip_recursive off;       | \"real_ip_recursive\" directive is duplicate in F:4",
        "set_real_ip_from;                                  | invalid number of arguments in \"set_real_ip_from\" directive in F:4",
        "location / { if ($x) { set_real_ip_from ::1; } }   | \"set_real_ip_from\" directive is not allowed here in F:4",
    })
    void errors(String directives, String expected) {
        assertThat(new ConfigLoad(dir).serverError(directives)).isEqualTo(expected);
    }

    @Test void lowBitsAreAWarning() {
        assertThat(load("set_real_ip_from 10.1.2.3/8;").warnings())
                .anyMatch(w -> w.startsWith("low address bits of 10.1.2.3/8 are meaningless in ") && w.endsWith("pier.conf:4"));
    }

    @Test void acceptedForms() {
        assertThat(load("""
                set_real_ip_from 127.0.0.1; set_real_ip_from 10.0.0.0/8; set_real_ip_from ::1; set_real_ip_from 2001:db8::/32;
                set_real_ip_from unix:; set_real_ip_from localhost; real_ip_header CF-Connecting-IP; real_ip_recursive on;
                location / { set_real_ip_from 0.0.0.0/0; real_ip_header proxy_protocol; }
                """).warnings()).isEmpty();
    }
}

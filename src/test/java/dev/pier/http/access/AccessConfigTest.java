package dev.pier.http.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.config.PierConfig;
import dev.pier.testing.ConfigLoad;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** allow, deny, auth_basic, auth_request, satisfy and limit_except errors and warnings, in nginx's words (checked with nginx -t). */
class AccessConfigTest {
    @TempDir Path dir;

    private PierConfig load(String server) {
        return new ConfigLoad(dir).server(server);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "allow 1.2.3.4/33;                                                      | invalid parameter \"1.2.3.4/33\" in F:4",
        "allow foo;                                                             | invalid parameter \"foo\" in F:4",
        "allow;                                                                 | invalid number of arguments in \"allow\" directive in F:4",
        "location / { limit_except FOO { deny all; } }                          | invalid method \"FOO\" in F:4",
        "location / { limit_except GET { deny all; } limit_except POST { } }    | \"limit_except\" directive is duplicate in F:4",
        "location / { limit_except { deny all; } }                              | invalid number of arguments in \"limit_except\" directive in F:4",
        "location / { limit_except GET { return 403; } }                        | \"return\" directive is not allowed here in F:4",
        "location / { limit_except GET { root /x; } }                           | \"root\" directive is not allowed here in F:4",
        "satisfy some;                                                          | invalid value \"some\" in F:4",
        "satisfy any; satisfy all;                                              | \"satisfy\" directive is duplicate in F:4",
        "location / { if ($x) { allow all; } }                                  | \"allow\" directive is not allowed here in F:4",
        "limit_except GET { deny all; }                                         | \"limit_except\" directive is not allowed here in F:4",
        "location / { limit_except GET { satisfy any; } }                       | \"satisfy\" directive is not allowed here in F:4",
        "auth_basic a; auth_basic b;                                            | \"auth_basic\" directive is duplicate in F:4",
        "auth_basic_user_file a; auth_basic_user_file b;                        | \"auth_basic_user_file\" directive is duplicate in F:4",
        "auth_basic;                                                            | invalid number of arguments in \"auth_basic\" directive in F:4",
        "location / { if ($x) { auth_basic a; } }                               | \"auth_basic\" directive is not allowed here in F:4",
        "auth_request;                                                          | invalid number of arguments in \"auth_request\" directive in F:4",
        "auth_request /a; auth_request /b;                                      | \"auth_request\" directive is duplicate in F:4",
        "auth_request_set $x;                                                   | invalid number of arguments in \"auth_request_set\" directive in F:4",
        "auth_request_set x y;                                                  | invalid variable name \"x\" in F:4",
        "auth_request_set $host y;                                              | the duplicate \"host\" variable in F:4",
        "location / { limit_except GET { auth_request /a; } }                   | \"auth_request\" directive is not allowed here in F:4",
    })
    void errors(String directives, String expected) {
        assertThat(new ConfigLoad(dir).serverError(directives)).isEqualTo(expected);
    }

    @Test void lowBitsAreAWarning() {
        assertThat(load("deny 10.1.2.3/8;").warnings())
                .anyMatch(w -> w.startsWith("low address bits of 10.1.2.3/8 are meaningless in ") && w.endsWith("pier.conf:4"));
    }

    @Test void acceptedForms() {
        assertThat(load("""
                allow 127.0.0.1; allow 10.0.0.0/8; allow ::1; allow 2001:db8::/32; allow unix:; deny all; satisfy any;
                location / { limit_except get POST { allow 10.0.0.0/8; deny all; access_log off; proxy_pass http://127.0.0.1:1; } }
                """).warnings()).isEmpty();
    }
}

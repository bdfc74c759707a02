package dev.pier.http.errorpage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.syntax.ConfigException;
import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What error_page, recursive_error_pages, add_header and the charset directives refuse, in nginx's words;
 * each case also goes through {@code nginx -t} when nginx is installed ("F" stands for the file).
 */
class ErrorPageConfigTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "code below 300        | error_page 99 /x;                  | value \"99\" must be between 300 and 599 in F:2",
        "code above 599        | error_page 600 /x;                 | value \"600\" must be between 300 and 599 in F:2",
        "code not a number     | error_page abc /x;                 | invalid value \"abc\" in F:2",
        "code 499              | error_page 499 /x;                 | invalid value \"499\" in F:2",
        "only equals           | error_page = /x;                   | invalid value \"=\" in F:2",
        "equals not a number   | error_page 404 =abc /x;            | invalid value \"=abc\" in F:2",
        "two targets           | error_page 404 /x /y;              | invalid value \"/x\" in F:2",
        "one argument          | error_page /x;                     | invalid number of arguments in \"error_page\" directive in F:2",
        "recursive flag        | recursive_error_pages maybe;       | invalid value \"maybe\" in \"recursive_error_pages\" directive, it must be \"on\" or \"off\" in F:2",
        "add_header parameter  | add_header X-A b sometimes;        | invalid parameter \"sometimes\" in F:2",
        "add_header one arg    | add_header X-A;                    | invalid number of arguments in \"add_header\" directive in F:2",
        "charset twice         | charset utf-8; charset koi8-r;     | \"charset\" directive is duplicate in F:2",
        "charset without map   | source_charset windows-1251; charset utf-8; | no \"charset_map\" between the charsets \"windows-1251\" and \"utf-8\"",
    })
    void refusedAsNginxRefusesThem(String name, String http, String message) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Path f = Files.writeString(dir.resolve("conf/pier.conf"), "events {}\nhttp { " + http + " server { listen 127.0.0.1:8; } }\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Modules.load(dir, f, null));
        assertThat(e).as("an error for " + http).isNotNull();
        assertThat(e.getMessage().replace(f.toString(), "F")).isEqualTo(message);
        if (NginxOracle.available()) {
            assertThat(NginxOracle.configTest(dir, f)).as("nginx -t").containsExactly("[emerg] " + message.replace("F:", f + ":"));
        }
    }
}

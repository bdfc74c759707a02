package dev.pier.http.filter.charset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** charset on Content-Type: the default and configured charset_types, off, variables, built-in pages. */
class CharsetTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            types { text/html html; text/css css; text/plain txt; }
            charset utf-8;
            server {
                listen 127.0.0.1:0;
                root html;
                location = /text { return 200 "t"; }
                location = /json { default_type application/json; return 200 "{}"; }
                location /css/ { charset_types text/css; alias html/; }
                location /any/ { charset_types *; alias html/; }
                location /off/ { charset off; alias html/; }
                location /var/ { charset $arg_cs; alias html/; }
                location = /same { source_charset UTF-8; return 200 "s"; }
                location = /params { default_type "text/plain; charset=latin1"; return 200 "p"; }
            }
            """, prefix -> {
                Files.writeString(prefix.resolve("html/a.css"), "p{}");
                Files.writeString(prefix.resolve("html/a.html"), "<p>");
                Files.writeString(prefix.resolve("html/a.txt"), "a");
            });

    private static String type(String path) { return pier.get(path).headers().firstValue("Content-Type").orElse(null); }

    @Test void defaultTypes() {
        assertThat(type("/text")).isEqualTo("text/plain; charset=utf-8");
        assertThat(type("/json")).isEqualTo("application/json");
        assertThat(type("/a.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(type("/a.css")).isEqualTo("text/css");
    }

    @Test void builtInPagesToo() {
        assertThat(type("/missing")).isEqualTo("text/html; charset=utf-8");
    }

    @Test void configuredTypesReplaceTheDefaultsButKeepHtml() {
        assertThat(type("/css/a.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(type("/css/a.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(type("/css/a.txt")).isEqualTo("text/plain");
        assertThat(type("/any/a.css")).isEqualTo("text/css; charset=utf-8");
    }

    @Test void offAndVariables() {
        assertThat(type("/off/a.txt")).isEqualTo("text/plain");
        assertThat(type("/var/a.txt?cs=koi8-r")).isEqualTo("text/plain; charset=koi8-r");
        assertThat(type("/var/a.txt?cs=")).isEqualTo("text/plain");
    }

    @Test void sameSourceCharsetAndExistingParameters() {
        assertThat(type("/same")).isEqualTo("text/plain; charset=utf-8");
        assertThat(type("/params")).isEqualTo("text/plain; charset=latin1");
    }
}

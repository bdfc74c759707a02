package dev.pier.http.location;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.Modules;
import dev.pier.http.HttpConfig;
import dev.pier.http.VirtualServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocationTree#find} directly: the location chosen and the captures it hands to variables. */
class LocationTreeTest {
    @TempDir static Path dir;
    private static VirtualServer server;

    @BeforeAll static void load() throws IOException {
        Path conf = Files.writeString(dir.resolve("pier.conf"), """
                events {}
                http {
                    server {
                        listen 127.0.0.1:0;
                        location / { }
                        location = /exact { }
                        location ^~ /assets/ { }
                        location ~ ^/user/(?<name>[a-z]+)/(\\d+)$ { }
                        location ~* \\.(png|jpg)$ { }
                        location @fallback { }
                        location /app/ {
                            location ~ ^/app/(.+)\\.json$ { }
                        }
                    }
                }
                """);
        server = Modules.load(dir, conf, null).part(HttpConfig.class).servers().get(0);
    }

    private static LocationMatch find(String uri) {
        return server.locations().find(uri);
    }

    @Test void exactThenPrefixThenRegex() {
        assertThat(find("/exact").location()).hasToString("= /exact");
        assertThat(find("/exact/more").location()).hasToString("/");
        assertThat(find("/assets/a.png").location()).hasToString("^~ /assets/");
        assertThat(find("/b/a.PNG").location()).hasToString("~* \\.(png|jpg)$");
    }

    @Test void regexCapturesAreKeptWithTheMatch() {
        LocationMatch m = find("/user/ann/7");
        assertThat(m.location()).hasToString("~ ^/user/(?<name>[a-z]+)/(\\d+)$");
        assertThat(m.captures().group(1)).isEqualTo("ann");
        assertThat(m.captures().group(2)).isEqualTo("7");
        assertThat(find("/exact").captures()).isNull();
    }

    @Test void nestedRegexInsideAPrefixCapturesToo() {
        LocationMatch m = find("/app/data/x.json");
        assertThat(m.location()).hasToString("~ ^/app/(.+)\\.json$");
        assertThat(m.captures().group(1)).isEqualTo("data/x");
        assertThat(find("/app/x.html").location()).hasToString("/app/");
    }

    @Test void namedLocationsAreNotMatchedByUris() {
        // a named location is not in the tree at all: even its own name finds nothing
        assertThat(find("@fallback")).isNull();
        assertThat(find("/@fallback").location()).hasToString("/");
        assertThat(server.named("@fallback")).isNotNull();
        assertThat(server.named("@fallback").internal()).isTrue();
    }

    @Test void aLoneTildeIsTheEmptyRegexThatMatchesEverything() throws IOException {
        // nginx reads "location ~ { }" as the regex "" (and "location = { }" as the exact empty uri)
        Path conf = Files.writeString(dir.resolve("c.conf"),
                "events {}\nhttp { server { listen 127.0.0.1:0; location / { } location ~ { } location = { } } }\n");
        VirtualServer s = Modules.load(dir, conf, null).part(HttpConfig.class).servers().get(0);
        assertThat(s.locations().find("/any/thing").location()).hasToString("~ ");
        assertThat(s.locations().find("").location()).hasToString("= ");
    }

    @Test void noLocationMatchesWithoutARootPrefix() throws IOException {
        Path conf = Files.writeString(dir.resolve("b.conf"), "events {}\nhttp { server { listen 127.0.0.1:0; location /a { } } }\n");
        VirtualServer s = Modules.load(dir, conf, null).part(HttpConfig.class).servers().get(0);
        assertThat(s.locations().find("/b")).isNull();
        assertThat(s.locations().find("/abc").location()).hasToString("/a");
    }
}

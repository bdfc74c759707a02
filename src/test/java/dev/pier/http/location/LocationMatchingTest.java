package dev.pier.http.location;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which location a URI chooses: each location returns its own name, and the same table runs against Pier
 * and, where it is installed, against nginx with the same configuration.
 */
class LocationMatchingTest {
    static final String SERVER = """
            location = / { return 200 "exact-root"; }
            location / { return 200 "root"; }
            location /documents/ { return 200 "documents"; }
            location ^~ /images/ { return 200 "images-noregex"; }
            location ~* \\.(gif|jpg|jpeg)$ { return 200 "regex-jpg-ci"; }
            location ~ \\.php$ { return 200 "regex-php"; }
            location ~ ^/documents/.*\\.txt$ { return 200 "regex-doc-txt"; }
            location /api {
                return 200 "api-prefix";
                location /api/v2 { return 200 "api-v2"; }
                location ~ \\.json$ { return 200 "api-json"; }
                location ^~ /api/static { return 200 "api-static-noregex"; }
            }
            location = /api { return 200 "api-exact"; }
            location /longer/prefix/ { return 200 "longer"; }
            location /longer/ { return 200 "shorter"; }
            location ~ ^/user/(?<name>[a-z]+)/(\\d+)$ { return 200 "user $name $2"; }
            location ~ ^/first/ { return 200 "regex-first"; }
            location ~ ^/first/second/ { return 200 "regex-second"; }
            location ^~ /static/ {
                return 200 "static-noregex";
                location ~ \\.css$ { return 200 "static-css"; }
            }
            location @named { return 200 "named"; }
            location /@named { return 200 "at-prefix"; }
            location ~ ^/CaseSensitive$ { return 200 "cs"; }
            location ~* ^/nested-rx/ {
                return 200 "nested-rx";
                location ~ \\.png$ { return 200 "nested-rx-png"; }
            }
            """;

    private static String config(String listen) {
        return "server {\n listen " + listen + ";\n" + SERVER + "}\n";
    }

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig(config("127.0.0.1:0"));

    private static int nginxPort;
    private static NginxOracle nginx;

    @BeforeAll static void startNginx() throws Exception {
        if (NginxOracle.available()) {
            nginxPort = NginxOracle.freePort();
            nginx = NginxOracle.start(config("127.0.0.1:" + nginxPort), nginxPort);
        }
    }

    @AfterAll static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/                        | exact-root",
        "/index.html              | root",
        "/documents               | root",
        "/documents/a.html        | documents",
        "/documents/a.txt         | regex-doc-txt",
        "/documents/a.jpg         | regex-jpg-ci",
        "/images/a.jpg            | images-noregex",
        "/images/a.php            | images-noregex",
        "/imagesX/a.html          | root",
        "/a.JPG                   | regex-jpg-ci",
        "/a.php                   | regex-php",
        "/a.PHP                   | root",
        "/api                     | api-exact",
        "/api/                    | api-prefix",
        "/apix                    | api-prefix",
        "/api/v2/x                | api-v2",
        "/api/v2/x.json           | api-json",
        "/api/v2/x.php            | regex-php",
        "/api/static/x.json       | api-static-noregex",
        "/api/static/x.php        | regex-php",
        "/longer/prefix/a         | longer",
        "/longer/prefi            | shorter",
        "/user/bob/42             | user bob 42",
        "/user/Bob/42             | root",
        "/first/second/x          | regex-first",
        "/@named                  | at-prefix",
        "/static/a.css            | static-css",
        "/static/a.php            | static-noregex",
        "/static/a.jpg            | static-noregex",
        "/CaseSensitive           | cs",
        "/casesensitive           | root",
        "/nested-rx/a.png         | nested-rx-png",
        "/NESTED-RX/a.png         | nested-rx-png",
        "/nested-rx/a.PNG         | nested-rx",
        "/a/../a.php              | regex-php",
        "/%61pi                   | api-exact",
    })
    void locationIsChosenAsNginxChoosesIt(String uri, String expected) {
        String request = "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        assertThat(NginxOracle.body("127.0.0.1", pier.port(), request)).as("pier").isEqualTo(expected);
        if (nginx != null) {
            assertThat(NginxOracle.body("127.0.0.1", nginxPort, request)).as("nginx").isEqualTo(expected);
        }
    }
}

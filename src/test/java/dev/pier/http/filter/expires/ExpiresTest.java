package dev.pier.http.filter.expires;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.HttpDate;
import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExpiresTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                expires 1h;
                location /var/ { alias html/; expires $arg_e; }
                location /epoch/ { alias html/; expires epoch; }
                location /max/ { alias html/; expires max; }
                location /mod/ { alias html/; expires modified 1d; }
                location /off/ { alias html/; expires off; }
                location = /r { return 302 /x; }
                location = /t { return 200 "t"; }
            }
            """, prefix -> {
                Files.writeString(prefix.resolve("html/a.txt"), "a");
                Files.setLastModifiedTime(prefix.resolve("html/a.txt"), FileTime.fromMillis(1795428983000L));
            });

    @Test void accessRelativeOnFilesAndRedirects() {
        HttpResponse<String> r = pier.get("/a.txt");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("max-age=3600");
        long expires = HttpDate.parseSeconds(r.headers().firstValue("Expires").orElseThrow());
        long date = HttpDate.parseSeconds(r.headers().firstValue("Date").orElseThrow());
        assertThat(expires - date).isBetween(3599L, 3601L);
        assertThat(pier.get("/r").headers().firstValue("Cache-Control")).hasValue("max-age=3600");
        assertThat(pier.get("/t").headers().firstValue("Cache-Control")).hasValue("max-age=3600");
    }

    @Test void valueFromAVariable() {
        assertThat(pier.get("/var/a.txt?e=2h").headers().firstValue("Cache-Control")).hasValue("max-age=7200");
        assertThat(pier.get("/var/a.txt?e=epoch").headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(pier.get("/var/a.txt?e=off").headers().firstValue("Cache-Control")).isEmpty();
        assertThat(pier.get("/var/a.txt?e=bad").headers().firstValue("Cache-Control")).isEmpty();
    }

    @Test void notOnErrors() {
        HttpResponse<String> r = pier.get("/missing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Expires")).isEmpty();
        assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
    }

    @Test void onNotModified() {
        HttpResponse<String> r = pier.send(pier.request("/a.txt").header("If-Modified-Since", "Mon, 23 Nov 2026 10:16:23 GMT").build());
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("max-age=3600");
    }

    @Test void epochMaxModifiedOff() {
        assertThat(pier.get("/epoch/a.txt").headers().firstValue("Expires")).hasValue("Thu, 01 Jan 1970 00:00:01 GMT");
        assertThat(pier.get("/epoch/a.txt").headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(pier.get("/max/a.txt").headers().firstValue("Expires")).hasValue("Thu, 31 Dec 2037 23:55:55 GMT");
        assertThat(pier.get("/max/a.txt").headers().firstValue("Cache-Control")).hasValue("max-age=315360000");
        assertThat(pier.get("/mod/a.txt").headers().firstValue("Expires")).hasValue("Tue, 24 Nov 2026 10:16:23 GMT");
        assertThat(pier.get("/off/a.txt").headers().firstValue("Expires")).isEmpty();
    }
}

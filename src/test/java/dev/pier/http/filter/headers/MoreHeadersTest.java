package dev.pier.http.filter.headers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * more_set_headers and more_clear_headers as the headers-more module documents them: every status unless
 * {@code -s}, exact types with {@code -t}, replacement of existing headers, wildcards, Server and
 * Content-Type, outer levels' commands before a level's own.
 */
class MoreHeadersTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            more_set_headers 'X-Http: h';
            server {
                listen 127.0.0.1:0;
                root html;
                more_set_headers 'Server: my-server';
                location = /ok { more_set_headers 'X-A: 1' 'X-B: $uri'; return 200 "ok"; }
                location = /404 { return 404; }
                location = /only404 { more_set_headers -s 404 'X-Err: yes'; more_set_headers -s '200 201' 'X-Good: yes'; return 404; }
                location = /type { more_set_headers -t 'text/plain text/css' 'X-Typed: yes'; more_set_headers -t text/html 'X-Html: yes'; return 200 "t"; }
                location = /ctype { more_set_headers 'Content-Type: application/x-mine'; return 200 "c"; }
                location = /noctype { more_clear_headers Content-Type; return 200 "c"; }
                location = /noserver { more_clear_headers Server 'Date'; return 200 "n"; }
                location = /replace { add_header X-Dup one; more_set_headers 'X-Http: replaced'; return 200 "r"; }
                location = /wild { more_set_headers 'X-Hidden-A: a' 'X-Hidden-B: b' 'X-Shown: s'; more_clear_headers 'X-Hidden-*'; return 200 "w"; }
                location = /clearset { more_set_headers 'X-Http'; return 200 "c"; }
                location = /files { alias html/a.txt; more_clear_headers ETag Last-Modified; more_set_headers 'Accept-Ranges: none'; }
            }
            """, prefix -> Files.writeString(prefix.resolve("html/a.txt"), "a"));

    @Test void appliesOnEveryStatusByDefaultWithOuterLevelsFirst() {
        HttpResponse<String> r = pier.get("/ok");
        assertThat(r.headers().firstValue("X-Http")).hasValue("h");
        assertThat(r.headers().firstValue("X-A")).hasValue("1");
        assertThat(r.headers().firstValue("X-B")).hasValue("/ok");
        assertThat(r.headers().firstValue("Server")).hasValue("my-server");
        HttpResponse<String> e = pier.get("/404");
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.headers().firstValue("X-Http")).hasValue("h");
        assertThat(e.headers().firstValue("Server")).hasValue("my-server");
    }

    @Test void statusesLimitACommand() {
        HttpResponse<String> r = pier.get("/only404");
        assertThat(r.headers().firstValue("X-Err")).hasValue("yes");
        assertThat(r.headers().firstValue("X-Good")).isEmpty();
    }

    @Test void typesLimitACommand() {
        HttpResponse<String> r = pier.get("/type");
        assertThat(r.headers().firstValue("X-Typed")).hasValue("yes");
        assertThat(r.headers().firstValue("X-Html")).isEmpty();
    }

    @Test void contentTypeIsReplacedOrCleared() {
        assertThat(pier.get("/ctype").headers().allValues("Content-Type")).containsExactly("application/x-mine");
        assertThat(pier.get("/noctype").headers().firstValue("Content-Type")).isEmpty();
    }

    @Test void serverAndDateCanBeCleared() {
        String answer = pier.raw("GET /noserver HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Server:").doesNotContain("Date:");
    }

    @Test void setReplacesAnExistingHeader() {
        HttpResponse<String> r = pier.get("/replace");
        assertThat(r.headers().allValues("X-Http")).containsExactly("replaced");
    }

    @Test void wildcardClears() {
        HttpResponse<String> r = pier.get("/wild");
        assertThat(r.headers().firstValue("X-Hidden-A")).isEmpty();
        assertThat(r.headers().firstValue("X-Hidden-B")).isEmpty();
        assertThat(r.headers().firstValue("X-Shown")).hasValue("s");
    }

    @Test void aNameWithoutValueClears() {
        assertThat(pier.get("/clearset").headers().firstValue("X-Http")).isEmpty();
    }

    @Test void builtInFileHeaders() {
        HttpResponse<String> r = pier.get("/files");
        assertThat(r.body()).isEqualTo("a");
        assertThat(r.headers().firstValue("ETag")).isEmpty();
        assertThat(r.headers().firstValue("Last-Modified")).isEmpty();
        assertThat(r.headers().allValues("Accept-Ranges")).containsExactly("none");
    }
}

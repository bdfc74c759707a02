package dev.pier.http.filter.headers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** add_header: inheritance, the statuses it applies to, always, values with variables, ETag and Last-Modified. */
class AddHeaderTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            add_header X-Http h;
            server {
                listen 127.0.0.1:0;
                root html;
                add_header X-Srv s;
                add_header X-Srv-Always a always;
                add_header X-Empty "";
                location = /ok { return 200 "ok"; }
                location = /own { add_header X-Loc l; add_header X-Loc l2; return 200 "own"; }
                location = /404 { return 404; }
                location = /404always { add_header X-Always "$uri $status" always; return 404; }
                location = /r302 { return 302 /x; }
                location = /r418 { return 418 "tea"; }
                location = /etag { add_header ETag "\\"mine\\""; alias html/a.txt; }
                location = /noetag { add_header ETag ""; alias html/a.txt; }
                location /nested/ {
                    add_header X-Outer o;
                    location /nested/in/ { return 200 "in"; }
                }
            }
            server {
                listen 127.0.0.1:0;
                server_name early;
                add_header X-Early e always;
                return 403;
            }
            """, prefix -> Files.writeString(prefix.resolve("html/a.txt"), "a"));

    @Test void serverLevelReplacesHttpLevel() {
        HttpResponse<String> r = pier.get("/ok");
        assertThat(r.headers().allValues("X-Srv")).containsExactly("s");
        assertThat(r.headers().allValues("X-Srv-Always")).containsExactly("a");
        assertThat(r.headers().firstValue("X-Http")).isEmpty();
        assertThat(r.headers().firstValue("X-Empty")).isEmpty();
    }

    @Test void locationReplacesServerLevelAndKeepsItsOrder() {
        HttpResponse<String> r = pier.get("/own");
        assertThat(r.headers().allValues("X-Loc")).containsExactly("l", "l2");
        assertThat(r.headers().firstValue("X-Srv")).isEmpty();
        assertThat(r.headers().firstValue("X-Srv-Always")).isEmpty();
    }

    @Test void nestedLocationInheritsItsParents() {
        assertThat(pier.get("/nested/in/x").headers().firstValue("X-Outer")).hasValue("o");
    }

    @Test void errorsGetOnlyAlwaysHeaders() {
        HttpResponse<String> r = pier.get("/404");
        assertThat(r.headers().firstValue("X-Srv")).isEmpty();
        assertThat(r.headers().firstValue("X-Srv-Always")).hasValue("a");
        assertThat(pier.get("/404always").headers().firstValue("X-Always")).hasValue("/404always 404");
        assertThat(pier.get("/r418").headers().firstValue("X-Srv")).isEmpty();
        assertThat(pier.get("/missing-file").headers().firstValue("X-Srv-Always")).hasValue("a");
    }

    @Test void redirectsGetThem() {
        assertThat(pier.get("/r302").headers().firstValue("X-Srv")).hasValue("s");
    }

    @Test void etagIsReplacedOrRemoved() {
        assertThat(pier.get("/etag").headers().allValues("ETag")).containsExactly("\"mine\"");
        assertThat(pier.get("/noetag").headers().firstValue("ETag")).isEmpty();
    }

    @Test void serverLevelReturnUsesTheServersHeaders() {
        String answer = pier.raw("GET /x HTTP/1.1\r\nHost: early\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403 Forbidden\r\n").contains("\r\nX-Early: e\r\n");
    }

    @Test void badRequestsUseTheDefaultServersHeaders() {
        String answer = pier.raw("GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\r\nX-Srv-Always: a\r\n").doesNotContain("X-Srv: s");
    }
}

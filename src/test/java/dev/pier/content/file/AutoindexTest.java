package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Directory listings on the wire; the bodies are nginx 1.22's output for the same directory. */
class AutoindexTest {
    private static final FileTime T = FileTime.fromMillis(StaticFileTest.MTIME * 1000);

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                location /dir/ { autoindex on; }
                location /json/ { alias html/dir/; autoindex on; autoindex_format json; }
                location /jsonp/ { alias html/dir/sub/; autoindex on; autoindex_format jsonp; }
                location /xml/ { alias html/dir/sub/; autoindex on; autoindex_format xml; }
                location /inexact/ { alias html/dir/; autoindex on; autoindex_exact_size off; }
                location /off/ { alias html/dir/; }
            }
            """, prefix -> {
                Path dir = prefix.resolve("html/dir");
                Files.createDirectories(dir.resolve("sub"));
                Files.createDirectories(dir.resolve("sp ace"));
                Files.writeString(dir.resolve("a name&<x>.txt"), "hi\n");
                Files.write(dir.resolve("big.bin"), new byte[2_500_000]);
                Files.writeString(dir.resolve(".hidden"), "x");
                Files.writeString(dir.resolve("\u00e9.txt"), "\u00e9\n", StandardCharsets.UTF_8);
                for (String f : new String[] {"sub", "sp ace", "a name&<x>.txt", "big.bin", "\u00e9.txt"}) {
                    Files.setLastModifiedTime(dir.resolve(f), T);
                }
            });

    private static RawResponse get(String target) {
        return RawResponse.parse(pier.raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    }

    /** The chunked body of a raw response, de-chunked. */
    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        for (;;) {
            int eol = body.indexOf("\r\n", p);
            int n = Integer.parseInt(body.substring(p, eol), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + n);
            p = eol + 2 + n + 2;
        }
    }

    @Test void htmlListing() {
        RawResponse r = get("/dir/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html");
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.header("Last-Modified")).isNull();
        assertThat(dechunk(r.body())).isEqualTo("<html>\r\n<head><title>Index of /dir/</title></head>\r\n<body>\r\n"
                + "<h1>Index of /dir/</h1><hr><pre><a href=\"../\">../</a>\r\n"
                + "<a href=\"sp%20ace/\">sp ace/</a>                                            23-Nov-2026 10:16                   -\r\n"
                + "<a href=\"sub/\">sub/</a>                                               23-Nov-2026 10:16                   -\r\n"
                + "<a href=\"a%20name%26%3Cx%3E.txt\">a name&amp;&lt;x&gt;.txt</a>                                     23-Nov-2026 10:16                   3\r\n"
                + "<a href=\"big.bin\">big.bin</a>                                            23-Nov-2026 10:16             2500000\r\n"
                + "<a href=\"%C3%A9.txt\">\u00c3\u00a9.txt</a>                                             23-Nov-2026 10:16                   3\r\n"
                + "</pre><hr></body>\r\n</html>\r\n");
    }

    @Test void inexactSizes() {
        assertThat(dechunk(get("/inexact/").body()))
                .contains("<a href=\"big.bin\">big.bin</a>                                            23-Nov-2026 10:16      2M\r\n")
                .contains("<a href=\"sub/\">sub/</a>                                               23-Nov-2026 10:16       -\r\n");
    }

    @Test void jsonListing() {
        RawResponse r = get("/json/");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(dechunk(r.body())).isEqualTo("[\r\n"
                + "{ \"name\":\"sp ace\", \"type\":\"directory\", \"mtime\":\"Mon, 23 Nov 2026 10:16:23 GMT\" },\r\n"
                + "{ \"name\":\"sub\", \"type\":\"directory\", \"mtime\":\"Mon, 23 Nov 2026 10:16:23 GMT\" },\r\n"
                + "{ \"name\":\"a name&<x>.txt\", \"type\":\"file\", \"mtime\":\"Mon, 23 Nov 2026 10:16:23 GMT\", \"size\":3 },\r\n"
                + "{ \"name\":\"big.bin\", \"type\":\"file\", \"mtime\":\"Mon, 23 Nov 2026 10:16:23 GMT\", \"size\":2500000 },\r\n"
                + "{ \"name\":\"\u00c3\u00a9.txt\", \"type\":\"file\", \"mtime\":\"Mon, 23 Nov 2026 10:16:23 GMT\", \"size\":3 }\r\n]");
    }

    @Test void jsonpAndXml() {
        RawResponse cb = get("/jsonp/?callback=a.b_c");
        assertThat(cb.header("Content-Type")).isEqualTo("application/javascript");
        assertThat(dechunk(cb.body())).isEqualTo("/* callback */\r\na.b_c([\r\n]);");
        assertThat(get("/jsonp/").header("Content-Type")).isEqualTo("application/json");
        assertThat(get("/jsonp/?callback=a%2eb").status()).isEqualTo(400);
        RawResponse xml = get("/xml/");
        assertThat(xml.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
        assertThat(dechunk(xml.body())).isEqualTo("<?xml version=\"1.0\"?>\r\n<list>\r\n</list>\r\n");
    }

    @Test void http10ListingEndsWithTheConnection() {
        RawResponse r = RawResponse.parse(pier.raw("GET /json/ HTTP/1.0\r\n\r\n"));
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.header("Transfer-Encoding")).isNull();
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(r.body()).startsWith("[\r\n{ \"name\":\"sp ace\"").endsWith(" }\r\n]");
    }

    @Test void offIsForbidden() {
        assertThat(get("/off/").status()).isEqualTo(403);
    }

    @Test void postIsForbiddenAndHeadHasNoBody() {
        RawResponse post = RawResponse.parse(pier.raw("POST /dir/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        assertThat(post.status()).isEqualTo(403);
        RawResponse head = RawResponse.parse(pier.raw("HEAD /dir/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }
}

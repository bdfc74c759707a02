package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Byte ranges on the wire, as nginx 1.22 answered the same requests. */
class RangeTest {
    private static final String ETAG = StaticFileTest.ETAG;

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            types { text/plain txt; }
            server {
                listen 127.0.0.1:0;
                location /one/ { alias html/; max_ranges 1; }
                location /none/ { alias html/; max_ranges 0; }
            }
            """, prefix -> {
                Path f = prefix.resolve("html/a.txt");
                Files.writeString(f, "hello world 0123456789\n");
                Files.setLastModifiedTime(f, FileTime.fromMillis(StaticFileTest.MTIME * 1000));
                Files.write(prefix.resolve("html/big.bin"), new byte[300_000]);
            });

    private static RawResponse get(String target, String... headers) {
        StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return RawResponse.parse(pier.raw(sb.append("\r\n").toString()));
    }

    @Test void singleRange() {
        RawResponse r = get("/a.txt", "Range: bytes=2-5");
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 206 Partial Content");
        assertThat(r.header("Content-Range")).isEqualTo("bytes 2-5/23");
        assertThat(r.header("Content-Length")).isEqualTo("4");
        assertThat(r.header("Accept-Ranges")).isNull();
        assertThat(r.header("ETag")).isEqualTo(ETAG);
        assertThat(r.body()).isEqualTo("llo ");
        assertThat(get("/a.txt", "Range: bytes=-5").body()).isEqualTo("6789\n");
    }

    @Test void largeRangeGoesOutWhole() {
        RawResponse r = get("/big.bin", "Range: bytes=100-250099");
        assertThat(r.header("Content-Length")).isEqualTo("250000");
        assertThat(r.body()).hasSize(250000);
    }

    @Test void multipartByteranges() {
        RawResponse r = get("/a.txt", "Range: bytes=2-5,8-9");
        assertThat(r.status()).isEqualTo(206);
        String type = r.header("Content-Type");
        assertThat(type).matches("multipart/byteranges; boundary=\\d{20}");
        String b = type.substring(type.indexOf('=') + 1);
        String expected = "\r\n--" + b + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 2-5/23\r\n\r\nllo "
                + "\r\n--" + b + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/23\r\n\r\nrl"
                + "\r\n--" + b + "--\r\n";
        assertThat(r.body()).isEqualTo(expected);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(expected.length()));
    }

    @Test void unsatisfiableIs416WithStarContentRange() {
        RawResponse r = get("/a.txt", "Range: bytes=100-200");
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 416 Requested Range Not Satisfiable");
        assertThat(r.header("Content-Range")).isEqualTo("bytes */23");
        assertThat(r.body()).contains("<center><h1>416 Requested Range Not Satisfiable</h1></center>");
    }

    @Test void ifRangeWithEtagOrDate() {
        assertThat(get("/a.txt", "Range: bytes=2-5", "If-Range: " + ETAG).status()).isEqualTo(206);
        assertThat(get("/a.txt", "Range: bytes=2-5", "If-Range: \"x\"").status()).isEqualTo(200);
        assertThat(get("/a.txt", "Range: bytes=2-5", "If-Range: " + StaticFileTest.LM).status()).isEqualTo(206);
        assertThat(get("/a.txt", "Range: bytes=2-5", "If-Range: Mon, 23 Nov 2026 10:16:24 GMT").status()).isEqualTo(200);
    }

    @Test void maxRanges() {
        assertThat(get("/one/a.txt", "Range: bytes=2-5,8-9").status()).isEqualTo(200);
        assertThat(get("/one/a.txt", "Range: bytes=2-5").status()).isEqualTo(206);
        assertThat(get("/none/a.txt", "Range: bytes=2-5").status()).isEqualTo(200);
    }

    @Test void rangesIgnoredOnNon200() {
        assertThat(get("/a.txt", "Range: bytes=2-5", "If-None-Match: " + ETAG).status()).isEqualTo(304);
        assertThat(get("/missing", "Range: bytes=2-5").status()).isEqualTo(404);
    }

    @Test void notARangeUnitIsIgnored() {
        assertThat(get("/a.txt", "Range: items=2-5").status()).isEqualTo(200);
    }
}

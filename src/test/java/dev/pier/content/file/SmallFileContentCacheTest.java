package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Small files answered from the open file cache's bytes: same answers as from the file, and never staler than the stat. */
class SmallFileContentCacheTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                open_file_cache max=10 inactive=60s;
                open_file_cache_valid 200ms;
            }
            """);

    @Test void cachedFileAnswersLikeTheFile() {
        pier.write("html/small.txt", "0123456789");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = pier.get("/small.txt");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("0123456789");
            assertThat(r.headers().firstValue("Content-Length")).hasValue("10");
            assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        }
        HttpResponse<String> range = pier.send(pier.request("/small.txt").header("Range", "bytes=2-4").build());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("234");
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
        String head = pier.raw("HEAD /small.txt HTTP/1.0\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 10").endsWith("\r\n\r\n");
    }

    @Test void fileEditedInPlaceIsServedNewOnceTheStatIsRenewed() throws InterruptedException {
        pier.write("html/edit.txt", "first");
        assertThat(pier.get("/edit.txt").body()).isEqualTo("first");
        assertThat(pier.get("/edit.txt").body()).isEqualTo("first");
        pier.write("html/edit.txt", "later");   // same size, maybe the same second
        Thread.sleep(400);                        // past open_file_cache_valid
        assertThat(pier.get("/edit.txt").body()).isEqualTo("later");
    }

    @Test void largeFilesAreNotHeldInMemory() {
        String big = "x".repeat(OpenFileCache.MAX_CONTENT + 1);
        pier.write("html/big.txt", big);
        assertThat(pier.get("/big.txt").body()).isEqualTo(big);
        assertThat(pier.get("/big.txt").body()).isEqualTo(big);
    }
}

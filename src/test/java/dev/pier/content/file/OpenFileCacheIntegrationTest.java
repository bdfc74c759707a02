package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache through real requests: Pier's default keeps a stat for 1s; "off" sees every change at once. */
class OpenFileCacheIntegrationTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                location /off/ { alias html/; open_file_cache off; }
                location /short/ { alias html/; open_file_cache max=10 inactive=1m; open_file_cache_valid 200ms; }
            }
            """);

    @Test void offSeesChangesImmediately() {
        pier.write("html/off.txt", "one");
        assertThat(pier.get("/off/off.txt").body()).isEqualTo("one");
        pier.write("html/off.txt", "three");
        assertThat(pier.get("/off/off.txt").body()).isEqualTo("three");
    }

    @Test void changedFileIsSeenAfterValid() throws Exception {
        pier.write("html/v.txt", "one");
        assertThat(pier.get("/short/v.txt").body()).isEqualTo("one");
        pier.write("html/v.txt", "three");
        Thread.sleep(400);
        assertThat(pier.get("/short/v.txt").body()).isEqualTo("three");
    }

    @Test void newFileIsSeenAtOnceBecauseErrorsAreNotCached() {
        assertThat(pier.get("/late.txt").statusCode()).isEqualTo(404);
        pier.write("html/late.txt", "here");
        assertThat(pier.get("/late.txt").body()).isEqualTo("here");
    }
}

package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that stop reading or go away in the middle of a file: send_timeout, and nothing left open or leaked. */
class ResponseAbortTest {
    private static final int SIZE = 32 * 1024 * 1024;

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                location = /ping { return 200 "pong"; }
                location /slow/ { alias html/; send_timeout 300ms; }
            }
            """, prefix -> Files.write(prefix.resolve("html/big.bin"), new byte[SIZE]));

    @Test void clientClosingMidFileLeavesNoOpenFileAndTheServerServes() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (RawConnection c = new RawConnection(pier.port(), 16 * 1024)) {
                c.send("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(c.read().status()).isEqualTo(200);
            }
        }
        assertThat(eventuallyNoOpenFile()).isTrue();
        assertThat(pier.get("/ping").body()).isEqualTo("pong");
    }

    @Test void sendTimeoutClosesAConnectionThatStopsReading() throws Exception {
        try (RawConnection c = new RawConnection(pier.port(), 16 * 1024)) {
            c.send("GET /slow/big.bin HTTP/1.1\r\nHost: a\r\n\r\n");
            Thread.sleep(1500);
            // the server gave up: the client gets what the buffers held, then the end, far short of the file
            long received = c.drain(3000);
            assertThat(received).isLessThan(SIZE);
        }
        assertThat(eventuallyNoOpenFile()).isTrue();
        assertThat(pier.get("/ping").body()).isEqualTo("pong");
    }

    private static boolean eventuallyNoOpenFile() throws InterruptedException, IOException {
        for (int i = 0; i < 50; i++) {
            if (openFilesOf(pier.prefix().resolve("html/big.bin")) == 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** File descriptors of this process open on {@code file} (Linux /proc). */
    private static long openFilesOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}

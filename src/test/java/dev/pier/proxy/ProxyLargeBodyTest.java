package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 1 GiB up and 1 GiB down through the proxy with the heap flat: the live heap (measured after a collection,
 * every half second, backend and client included) stays far below the bytes that pass.
 */
class ProxyLargeBodyTest {
    static final long SIZE = Long.getLong("pier.test.bigSize", 1L << 30);
    static final long HEAP_BOUND = 200L << 20;
    static final OriginServer origin = OriginServer.start("big");

    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                client_max_body_size 0;
                location / { proxy_pass http://%s; }
            }
            """.formatted(origin.address()));

    @AfterAll static void stop() { origin.close(); }

    /** Samples the live heap until stopped; returns the largest sample. */
    private static final class HeapWatch implements AutoCloseable {
        final AtomicLong max = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = Thread.ofPlatform().daemon().start(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running.get()) {
                System.gc();
                max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        @Override public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    @Test @Timeout(120) void oneGibibyteUpload() throws Exception {
        long before = origin.bodyBytes();
        try (HeapWatch heap = new HeapWatch(); Socket s = new Socket("127.0.0.1", pier.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: " + SIZE + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[256 * 1024];
            for (long sent = 0; sent < SIZE; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"bodyLength\":" + SIZE);
            heap.close();
            assertThat(heap.max.get()).isLessThan(HEAP_BOUND);
        }
        assertThat(origin.bodyBytes() - before).isEqualTo(SIZE);
    }

    @Test @Timeout(120) void oneGibibyteDownload() throws Exception {
        try (HeapWatch heap = new HeapWatch(); Socket s = new Socket("127.0.0.1", pier.port())) {
            s.getOutputStream().write(("GET /big/" + SIZE + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
            String headEnd = "\r\n\r\n";
            assertThat(total).isGreaterThan(SIZE).isLessThan(SIZE + 1024);
            heap.close();
            assertThat(heap.max.get()).isLessThan(HEAP_BOUND);
            assertThat(headEnd).isNotEmpty();
        }
    }
}

package dev.pier.proxy;

import static dev.pier.testing.TunnelFixture.readHead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import dev.pier.testing.TunnelFixture;
import dev.pier.testing.TunnelFixture.RawUpstream;
import dev.pier.testing.TunnelFixture.WebSocketClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket through proxy_pass with nginx's idiom: the JDK's WebSocket client, Pier, and a real WebSocket
 * echo origin. The upstream's 101 reaches the client, then bytes flow both ways through a tunnel until
 * either side ends it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyWebSocketTest {
    static final OriginServer origin = OriginServer.start("ws");

    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            map $http_upgrade $connection_upgrade { default upgrade; '' close; }
            log_format ws "$request $status $upstream_status $upstream_bytes_received $bytes_sent";
            error_log logs/ws-error.log info;
            upstream app { server %1$s max_conns=1; }
            server {
                listen 127.0.0.1:0;
                access_log logs/ws.log ws;
                proxy_http_version 1.1;
                proxy_set_header Upgrade $http_upgrade;
                proxy_set_header Connection $connection_upgrade;
                location /ws { proxy_pass http://%1$s; }
                location /idle/ { proxy_read_timeout 1s; proxy_pass http://%1$s/; }
                location /group/ { proxy_pass http://app/; }
            }
            """.formatted(origin.address()));

    @AfterAll static void stop() { origin.close(); }

    private static final List<WebSocketClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach void bothSidesClosed() throws Exception {
        clients.forEach(c -> c.ws().abort());
        clients.clear();
        waitFor(() -> origin.connectionsOpen() == 0);
    }

    /** A WebSocket through Pier, aborted after the test. */
    private static WebSocketClient open(String path) throws Exception {
        WebSocketClient c = WebSocketClient.open(URI.create("ws://127.0.0.1:" + pier.port() + path));
        clients.add(c);
        return c;
    }

    @Test void textAndBinaryEchoBothWaysAndTheClientsCloseEndsBothSides() throws Exception {
        WebSocketClient c = open("/ws?first");
        c.ws().sendText("hello through proxy_pass", true).get(5, TimeUnit.SECONDS);
        assertThat(c.next()).isEqualTo("hello through proxy_pass");
        byte[] bytes = new byte[100_000];
        ThreadLocalRandom.current().nextBytes(bytes);
        c.ws().sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
        assertThat((byte[]) c.next()).isEqualTo(bytes);
        assertThat(origin.connectionsOpen()).isEqualTo(1);
        c.ws().sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        waitFor(() -> origin.connectionsOpen() == 0);
        String line = pier.awaitLogLine("logs/ws.log", l -> l.startsWith("GET /ws?first "));
        // the upstream's 101 in $status and $upstream_status; what the tunnel carried in the byte counts
        String[] f = line.split(" ");
        assertThat(f[3]).isEqualTo("101");
        assertThat(f[4]).isEqualTo("101");
        assertThat(Long.parseLong(f[5])).isGreaterThan(100_000);
        assertThat(Long.parseLong(f[6])).isGreaterThan(100_000);
    }

    @Test void aThousandMessagesEchoInOrder() throws Exception {
        WebSocketClient c = open("/ws");
        for (int i = 0; i < 1000; i++) {
            if (i % 2 == 0) {
                c.ws().sendText("message " + i, true).get(5, TimeUnit.SECONDS);
            } else {
                c.ws().sendBinary(ByteBuffer.wrap(("binary " + i).getBytes(StandardCharsets.US_ASCII)), true).get(5, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < 1000; i++) {
            Object o = c.next();
            if (i % 2 == 0) {
                assertThat(o).isEqualTo("message " + i);
            } else {
                assertThat(new String((byte[]) o, StandardCharsets.US_ASCII)).isEqualTo("binary " + i);
            }
        }
        c.ws().sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    /** A 10 MB stream of WebSocket messages echoes whole and in order. */
    @Test void tenMegabytesOfMessagesEcho() throws Exception {
        WebSocketClient c = open("/ws");
        java.security.MessageDigest sent = java.security.MessageDigest.getInstance("SHA-256");
        java.security.MessageDigest received = java.security.MessageDigest.getInstance("SHA-256");
        byte[] part = new byte[64 * 1024];
        for (int i = 0; i < 160; i++) {
            ThreadLocalRandom.current().nextBytes(part);
            sent.update(part);
            c.ws().sendBinary(ByteBuffer.wrap(part.clone()), true).get(10, TimeUnit.SECONDS);
            if (i >= 8) {
                received.update((byte[]) c.next());   // a window of a few messages in flight
            }
        }
        for (int i = 0; i < 8; i++) {
            received.update((byte[]) c.next());
        }
        assertThat(received.digest()).isEqualTo(sent.digest());
        c.ws().sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    /**
     * Memory stays bounded: an upstream sends 32 MB through the tunnel to a client that does not read. Pier
     * stops reading the upstream once the client's side is full, so the upstream's writes stall far short of
     * 32 MB (sockets' buffers and Pier's write-buffer mark hold the rest); all of it arrives once the client
     * reads.
     */
    @Test void anUpstreamStallsWhileTheClientDoesNotRead() throws Exception {
        int total = 32 << 20;
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        try (RawUpstream backend = RawUpstream.start(s -> {
            s.setSendBufferSize(64 * 1024);
            readHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            for (int off = 0; off < total; off += chunk.length) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) ((off + i) % 251);
                }
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
            out.flush();
        })) {
            PierTestServer raw = proxyTo(backend, "sndbuf=64k", true);
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(64 * 1024);
                s.connect(new java.net.InetSocketAddress("127.0.0.1", raw.port()));
                s.setSoTimeout(30_000);
                s.getOutputStream().write("GET /u HTTP/1.1\r\nHost: a\r\nUpgrade: raw\r\nConnection: upgrade\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 1024);
                assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
                // wait until the upstream's writes stop moving
                long last = -1;
                while (written.get() != last) {
                    last = written.get();
                    Thread.sleep(1000);
                }
                assertThat(written.get()).as("bytes the upstream could write while the client did not read")
                        .isLessThan(total / 2);
                byte[] buf = new byte[64 * 1024];
                long read = 0;
                boolean intact = true;
                int n;
                while (read < total && (n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        intact &= buf[i] == (byte) ((read + i) % 251);
                    }
                    read += n;
                }
                assertThat(read).isEqualTo(total);
                assertThat(intact).isTrue();
            } finally {
                raw.stop();
            }
        }
    }

    @Test void anIdleTunnelClosesAfterProxyReadTimeout() throws Exception {
        WebSocketClient c = open("/idle/ws");
        c.ws().sendText("one", true).get(5, TimeUnit.SECONDS);
        assertThat(c.next()).isEqualTo("one");
        long start = System.nanoTime();
        c.closed.get(10, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(ms).isBetween(700L, 5000L);
        waitFor(() -> origin.connectionsOpen() == 0);
        waitFor(() -> errorLog().contains(
                "upstream timed out (110: Connection timed out) while proxying upgraded connection"));
    }

    @Test void theBackendDyingClosesTheClient() throws Exception {
        WebSocketClient c = open("/ws");
        c.ws().sendText("before", true).get(5, TimeUnit.SECONDS);
        assertThat(c.next()).isEqualTo("before");
        origin.closeConnections();
        try {
            c.closed.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the client was not closed within 10 s; origin connections open: "
                    + origin.connectionsOpen() + "; error log:\n" + errorLog(), e);
        }
    }

    /** The peer stays taken while its tunnel runs (max_conns=1), and is free again once it ends. */
    @Test void aTunnelHoldsItsPeerUntilItEnds() throws Exception {
        WebSocketClient c = open("/group/ws");
        c.ws().sendText("x", true).get(5, TimeUnit.SECONDS);
        assertThat(c.next()).isEqualTo("x");
        assertThat(pier.get("/group/status/200").statusCode()).isEqualTo(502);
        c.ws().sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        c.closed.get(5, TimeUnit.SECONDS);
        waitFor(() -> origin.connectionsOpen() == 0);
        waitFor(() -> pier.get("/group/status/200").statusCode() == 200);
    }

    /** A 101 the upstream sends with early frames right behind its head: they reach the client first. */
    @Test void bytesTheUpstreamSentRightAfterItsHeadReachTheClient() throws Exception {
        try (RawUpstream backend = RawUpstream.start(s -> {
            readHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: Upgrade\r\n"
                    + "X-Up: 1\r\n\r\nearly-bytes|").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[5];
            int n = in.readNBytes(buf, 0, 5);
            out.write(("echo:" + new String(buf, 0, n, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            PierTestServer raw = proxyTo(backend, "", true);
            try (Socket s = new Socket("127.0.0.1", raw.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /u HTTP/1.1\r\nHost: a\r\nUpgrade: raw\r\nConnection: upgrade\r\n\r\nhello"
                        .getBytes(StandardCharsets.US_ASCII));
                String head = readHead(s.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n").contains("\r\nUpgrade: raw\r\n")
                        .contains("\r\nConnection: upgrade\r\n").contains("\r\nX-Up: 1\r\n")
                        .doesNotContain("Transfer-Encoding").doesNotContain("Content-Length");
                byte[] rest = s.getInputStream().readAllBytes();
                assertThat(new String(rest, StandardCharsets.US_ASCII)).isEqualTo("early-bytes|echo:hello");
            } finally {
                raw.stop();
            }
        }
    }

    /**
     * A 101 to a request without Upgrade is no tunnel: nginx 1.22 passes it on as a response whose body (not
     * chunked: its chunked filter leaves 1xx alone) is what the upstream sends until it closes.
     */
    @Test void aSwitchToARequestWithoutUpgradeIsAResponseWithARawBody() throws Exception {
        try (RawUpstream backend = RawUpstream.start(s -> {
            readHead(s.getInputStream());
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\nConnection: Upgrade\r\n"
                    + "X-B: 1\r\n\r\nafter-head-bytes").getBytes(StandardCharsets.US_ASCII));
        })) {
            PierTestServer raw = proxyTo(backend, "", false);
            try (Socket s = new Socket("127.0.0.1", raw.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String head = readHead(s.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n").contains("\r\nConnection: upgrade\r\n")
                        .contains("\r\nUpgrade: foo\r\n").contains("\r\nX-B: 1\r\n")
                        .doesNotContain("Transfer-Encoding").doesNotContain("Content-Length");
                // Pier closes the connection after such a body (nginx 1.22 keeps it open, though a client cannot
                // tell where the body ended)
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("after-head-bytes");
            } finally {
                raw.stop();
            }
        }
    }

    /** A second Pier proxying every request to {@code backend}, with the Upgrade idiom when {@code upgrade}. */
    private static PierTestServer proxyTo(RawUpstream backend, String listenOptions, boolean upgrade) throws Exception {
        PierTestServer raw = PierTestServer.withConfig("""
                server {
                    listen 127.0.0.1:0 %s;
                    location / {
                        proxy_pass http://127.0.0.1:%d;
                        proxy_http_version 1.1;
                        %s
                    }
                }
                """.formatted(listenOptions, backend.port(),
                upgrade ? "proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection upgrade;" : ""));
        raw.start();
        return raw;
    }

    private static String errorLog() {
        try {
            Path p = pier.prefix().resolve("logs/ws-error.log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check) throws Exception {
        waitFor(check, 10);
    }

    static void waitFor(Check check, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            assertThat(System.nanoTime()).as("condition within %d s", seconds).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}

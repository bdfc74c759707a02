package dev.pier.proxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.ContentHandler;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpExchange;
import dev.pier.http.LocationPlan;
import dev.pier.testing.PierTestServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client side of an upgrade in a real Pier: a content handler (set into a location as a module's
 * install would) answers 101 as the proxy will, detaches the connection from HTTP and joins it to an echo
 * upstream through a {@link Tunnel}. Checks the 101 head, that bytes sent with the request head reach the
 * upstream first, the access log line written when the tunnel ends, and that an Upgrade request answered
 * without 101 leaves the connection serving HTTP (the decoder holds what follows it, then resumes).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientUpgradeTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            log_format t "$request $status $body_bytes_sent";
            access_log logs/upgrade.log t;
            server {
                listen 127.0.0.1:0;
                location = /ws { return 204; }
                location = /plain { return 200 "plain"; }
            }
            """);

    private static ServerSocket echo;
    private static final CompletableFuture<Tunnel> ENDED = new CompletableFuture<>();

    @BeforeAll static void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // the tunnel closed it
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        handle("/ws", ClientUpgradeTest::upgradeToEcho);
    }

    @AfterAll static void stop() throws IOException {
        echo.close();
    }

    /** What a proxy does on 101: the head to the client, the connection off HTTP, a tunnel to the upstream. */
    private static void upgradeToEcho(HttpExchange ex) {
        Channel client = ex.channelContext().channel();
        ChannelFuture connect = new Bootstrap().group(client.eventLoop())
                .channel(pier.server().usesEpoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) { }
                })
                .connect(echo.getLocalSocketAddress());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                ex.sendError(502);
                return;
            }
            HttpResponse head = ex.newResponse(101);
            head.headers().set("Upgrade", "websocket");
            ex.writeHead(head);
            ByteBuf fromClient = ClientUpgrade.detach(ex);
            Tunnel.join(client, connect.channel(), fromClient, null, new Tunnel.Timeouts(5000, 5000, 5000), ENDED::complete);
        });
    }

    private static void handle(String uri, ContentHandler handler) {
        HttpConfig http = pier.server().config().part(HttpConfig.class);
        http.servers().get(0).locations().find(uri).location().plan(LocationPlan.builder().contentIfUnset(handler).build());
    }

    @Test void anUpgradedConnectionRelaysRawBytesStartingWithThoseSentWithTheHead() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), pier.port())) {
            s.setSoTimeout(5000);
            send(s, "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nEARLY GET / HTTP/1.1\r\n");
            String head = readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            // nginx's header filter: "Connection: upgrade", no Keep-Alive
            assertThat(head).contains("\r\nConnection: upgrade\r\n").contains("\r\nUpgrade: websocket\r\n").doesNotContain("Keep-Alive");
            assertThat(read(s, 22)).isEqualTo("EARLY GET / HTTP/1.1\r\n");
            send(s, "\u0081\u0005hello");
            assertThat(read(s, 7)).isEqualTo("\u0081\u0005hello");
        }
        Tunnel t = ENDED.get(5, TimeUnit.SECONDS);
        assertThat(t.end()).isIn(Tunnel.End.CLIENT_CLOSED, Tunnel.End.CLIENT_FAILED);
        assertThat(t.bytesFromClient()).isEqualTo(7);
        // logged when the tunnel ended, as nginx finalizes the request then: 101 and the bytes sent through it
        assertThat(waitForLog()).isEqualTo("GET /ws HTTP/1.1 101 29");
    }

    @Test void anUpgradeRequestAnsweredWithoutSwitchingLeavesThePipelinedRequestToHttp() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), pier.port())) {
            s.setSoTimeout(5000);
            send(s, "GET /plain HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                    + "GET /plain HTTP/1.1\r\nHost: a\r\n\r\n");
            String first = readHead(s.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 200 OK").contains("Connection: keep-alive");
            assertThat(read(s, 5)).isEqualTo("plain");
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
            assertThat(read(s, 5)).isEqualTo("plain");
        }
    }

    @Test void anUpgradeRequestWithoutSwitchingThenAPipelinedRequestInALaterPacket() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), pier.port())) {
            s.setSoTimeout(5000);
            send(s, "GET /plain HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\nGET /pl");
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
            assertThat(read(s, 5)).isEqualTo("plain");
            Thread.sleep(100);
            send(s, "ain HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
            assertThat(read(s, 5)).isEqualTo("plain");
        }
    }

    private static String waitForLog() throws Exception {
        var file = pier.prefix().resolve("logs/upgrade.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("GET /ws ")) {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    private static String read(Socket s, int n) throws IOException {
        return new String(s.getInputStream().readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String h = head.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                return h;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}

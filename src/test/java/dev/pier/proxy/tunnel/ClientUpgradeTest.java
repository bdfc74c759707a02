package dev.pier.proxy.tunnel;

import static dev.pier.testing.TunnelFixture.read;
import static dev.pier.testing.TunnelFixture.readHead;
import static dev.pier.testing.TunnelFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.HttpExchange;
import dev.pier.testing.PierTestServer;
import dev.pier.testing.TunnelFixture;
import dev.pier.testing.TunnelFixture.RawUpstream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetAddress;
import java.net.Socket;
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

    private static RawUpstream echo;
    private static final CompletableFuture<Tunnel> ENDED = new CompletableFuture<>();

    @BeforeAll static void start() throws Exception {
        echo = RawUpstream.start(s -> s.getInputStream().transferTo(s.getOutputStream()));
        TunnelFixture.setContent(pier, "/ws", ClientUpgradeTest::upgradeToEcho);
    }

    @AfterAll static void stop() throws Exception {
        echo.close();
    }

    /** What a proxy does on 101: the head to the client, the connection off HTTP, a tunnel to the upstream. */
    private static void upgradeToEcho(HttpExchange ex) {
        Channel client = ex.channelContext().channel();
        ChannelFuture connect = TunnelFixture.upstreamBootstrap(pier, client, p -> { })
                .connect(InetAddress.getLoopbackAddress(), echo.port());
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
        assertThat(pier.awaitLogLine("logs/upgrade.log", l -> l.startsWith("GET /ws "))).isEqualTo("GET /ws HTTP/1.1 101 29");
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
}

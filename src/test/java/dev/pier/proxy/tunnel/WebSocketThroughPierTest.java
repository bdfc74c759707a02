package dev.pier.proxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.HttpExchange;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import dev.pier.testing.TunnelFixture;
import dev.pier.testing.TunnelFixture.WebSocketClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real WebSocket client (the JDK's) through Pier to a real WebSocket echo origin, with the upgrade done
 * the way the proxy does it: the handshake forwarded upstream over an HTTP client codec, the upstream's 101
 * passed to the client, both connections detached from HTTP (what the upstream decoder read past its head
 * salvaged) and joined by a {@link Tunnel}. The proxy itself is not in this package; this handler stands in
 * for it, as a module's content handler would.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebSocketThroughPierTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            log_format t "$request $status";
            access_log logs/ws.log t;
            server {
                listen 127.0.0.1:0;
                location = /ws { return 204; }
            }
            """);

    private static OriginServer origin;

    @BeforeAll static void start() {
        origin = OriginServer.start("ws-origin");
        TunnelFixture.setContent(pier, "/ws", WebSocketThroughPierTest::proxyUpgrade);
    }

    @AfterAll static void stop() {
        origin.close();
    }

    /** Forwards the handshake, and on the origin's 101 turns both connections into a tunnel. */
    private static void proxyUpgrade(HttpExchange ex) {
        Channel client = ex.channelContext().channel();
        TunnelFixture.upstreamBootstrap(pier, client,
                        p -> p.addLast("codec", new HttpClientCodec()).addLast("head", new UpstreamHead(ex)))
                .connect("127.0.0.1", origin.port()).addListener(f -> {
                    if (!f.isSuccess()) {
                        ex.sendError(502);
                        return;
                    }
                    Channel up = ((io.netty.channel.ChannelFuture) f).channel();
                    var req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, ex.request().method(), ex.request().uri());
                    req.headers().set(ex.request().headers());
                    up.writeAndFlush(req);
                    up.read();
                });
    }

    /** Reads the origin's response head; on 101 detaches both sides and joins them. */
    private static final class UpstreamHead extends ChannelInboundHandlerAdapter {
        private final HttpExchange ex;
        private CompositeByteBuf early;
        private boolean switched;

        UpstreamHead(HttpExchange ex) {
            this.ex = ex;
        }

        @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf raw && early != null) {
                early.addComponent(true, raw);   // bytes after the 101 head: the first frames of the new protocol
                return;
            }
            if (msg instanceof HttpResponse r && r.status().code() == 101 && !switched) {
                switched = true;
                early = ctx.alloc().compositeBuffer();
                var head = ex.newResponse(101);
                for (var name : new CharSequence[] {HttpHeaderNames.UPGRADE, HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
                        HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS}) {
                    if (r.headers().contains(name)) {
                        head.headers().set(name, r.headers().get(name));
                    }
                }
                ex.writeHead(head);
                ByteBuf fromClient = ClientUpgrade.detach(ex);
                // the codec's undecoded input arrives here as one ByteBuf when it is removed
                ctx.pipeline().remove("codec");
                ctx.pipeline().remove(this);
                Tunnel.join(ex.channelContext().channel(), ctx.channel(), fromClient, early,
                        new Tunnel.Timeouts(10_000, 10_000, 10_000), null);
            }
            ReferenceCountUtil.release(msg);
        }

        @Override public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!switched) {
                ctx.read();
            }
        }
    }

    @Test void aWebSocketEchoesBothWaysThroughPierAndCloses() throws Exception {
        WebSocketClient c = WebSocketClient.open(URI.create("ws://127.0.0.1:" + pier.port() + "/ws"));
        WebSocket ws = c.ws();
        ws.sendText("hello through pier", true).get(5, TimeUnit.SECONDS);
        assertThat(c.next()).isEqualTo("hello through pier");
        byte[] big = new byte[512 * 1024];
        ThreadLocalRandom.current().nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big), true).get(5, TimeUnit.SECONDS);
        assertThat((byte[]) c.next()).isEqualTo(big);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        ws.abort();
        assertThat(pier.awaitLogLine("logs/ws.log", l -> l.startsWith("GET /ws "))).isEqualTo("GET /ws HTTP/1.1 101");
    }
}

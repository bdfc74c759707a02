package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** proxy_buffering off passes each part at once (SSE), and a unix-socket backend is reached by its path. */
class ProxyStreamingTest {
    static final OriginServer origin = OriginServer.start("st");
    static final Path socket = Path.of(System.getProperty("java.io.tmpdir"), "pier-proxy-test-" + ProcessHandle.current().pid() + ".sock");
    static EventLoopGroup unixGroup;
    static Channel unixServer;
    static PierTestServer pier;

    @BeforeAll static void start() throws Exception {
        if (Epoll.isAvailable()) {
            Files.deleteIfExists(socket);
            unixGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            unixServer = new ServerBootstrap().group(unixGroup).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            var body = Unpooled.copiedBuffer("unix " + req.uri() + " " + req.headers().get("Host"),
                                                    StandardCharsets.US_ASCII);
                                            var resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                                            resp.headers().setInt("Content-Length", body.readableBytes());
                                            ctx.writeAndFlush(resp).addListener(f -> ctx.close());
                                        }
                                    });
                        }
                    }).bind(new DomainSocketAddress(socket.toString())).sync().channel();
        }
        pier = PierTestServer.withConfig("""
                server {
                    listen 127.0.0.1:0;
                    location /sse/ { proxy_buffering off; proxy_pass http://%1$s/; }
                    location /unix/ { proxy_pass http://unix:%2$s:/app/; }
                }
                """.formatted(origin.address(), socket));
        pier.start();
    }

    @AfterAll static void stop() throws Exception {
        pier.stop();
        origin.close();
        if (unixServer != null) {
            unixServer.close().sync();
            unixGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            Files.deleteIfExists(socket);
        }
    }

    @Test void serverSentEventsArriveOneByOne() throws Exception {
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET /sse/sse?n=5&delay=300 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            long first = 0;
            long last = 0;
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                if (first == 0 && got.indexOf("data: event 0") >= 0) {
                    first = System.nanoTime();
                }
                if (last == 0 && got.indexOf("data: event 4") >= 0) {
                    last = System.nanoTime();
                }
            }
            assertThat(got.toString()).containsIgnoringCase("content-type: text/event-stream").contains("data: event 4");
            // the first event is there long before the last one was even sent (4 delays of 300 ms later)
            assertThat(first).isNotZero();
            assertThat((last - first) / 1_000_000).isGreaterThan(600);
        }
    }

    @Test void unixSocketBackend() {
        Assumptions.assumeTrue(unixServer != null, "unix sockets need the epoll transport");
        var r = pier.get("/unix/x?y=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("unix /app/x?y=1 localhost");
    }
}

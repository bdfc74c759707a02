package dev.pier.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 backend for proxy tests, on 127.0.0.1 and a kernel-chosen port, whose behaviour is chosen by
 * the request path. Every response carries {@code X-Origin: <name>} so balancing tests can tell backends apart.
 * Request bodies are counted (and their CRC-32 taken) as they stream, never held; {@link #received} lists
 * what arrived (with a chunked body's trailer fields).
 * <ul>
 * <li>any path not below: echo, a JSON object of what arrived: method, uri, version, headers (in order), body length
 * <li>{@code /status/N}: status N, body "status N"
 * <li>{@code /sleep/MS}: the echo after MS milliseconds (a timer, the loop is not blocked)
 * <li>{@code /hang}: reads the request, never answers
 * <li>{@code /close}: closes as soon as the request head arrives, without a response
 * <li>{@code /garbage}: answers bytes that are not HTTP
 * <li>{@code /short}: Content-Length 100, 50 bytes, then close (a backend that lies about the length)
 * <li>{@code /reset}: Content-Length 100000, 1000 bytes, then a TCP reset
 * <li>{@code /big/N}: N bytes of a repeating pattern, with Content-Length, written as the socket drains
 * <li>{@code /chunked?n=N&size=S}: N chunks of S bytes, chunked; {@code &trailer=1} adds a trailer X-Checksum
 * <li>{@code /slow?n=N&delay=MS&size=S}: N chunks, one every MS milliseconds (chunked)
 * <li>{@code /sse?n=N&delay=MS}: N server-sent events, one every MS milliseconds
 * <li>{@code /respond?status=N&h=Name:Value&body=text}: a response made to order (h may repeat)
 * <li>{@code /http10}: an HTTP/1.0 response delimited by the close
 * <li>{@code /ws}: a WebSocket echo (text and binary frames back as received; close answered)
 * </ul>
 */
public final class OriginServer implements AutoCloseable {
    private static final byte[] PATTERN = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(StandardCharsets.US_ASCII);

    /** The pattern repeated past 64 KiB, so any 64 KiB run of it is one slice of this array. */
    private static final byte[] PATTERN_RUN = new byte[64 * 1024 + PATTERN.length];

    static {
        for (int i = 0; i < PATTERN_RUN.length; i++) {
            PATTERN_RUN[i] = PATTERN[i % PATTERN.length];
        }
    }

    private final String name;
    private final EventLoopGroup group;
    private final Channel listener;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final Map<Channel, Boolean> open = new ConcurrentHashMap<>();
    private final java.util.Queue<Received> received = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A request as it arrived, recorded when its body ended: line, headers, body length and CRC-32. */
    public record Received(String method, String uri, io.netty.handler.codec.http.HttpHeaders headers, long bodyLength, long bodyCrc,
                           io.netty.handler.codec.http.HttpHeaders trailers) { }

    /** The SNI names TLS clients sent, in order (a TLS origin only). */
    private final java.util.Queue<String> serverNames = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private OriginServer(String name, int port) throws InterruptedException {
        this(name, port, null);
    }

    private OriginServer(String name, int port, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
        this.name = name;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        open.put(ch, Boolean.TRUE);
                        ch.closeFuture().addListener(f -> open.remove(ch));
                        if (tls != null) {
                            ch.pipeline().addLast("tls", new io.netty.handler.ssl.SniHandler(
                                    (io.netty.util.Mapping<String, io.netty.handler.ssl.SslContext>) host -> {
                                        if (host != null) {
                                            serverNames.add(host);
                                        }
                                        return tls;
                                    }));
                        }
                        ch.pipeline().addLast("codec", new HttpServerCodec(8192, 65536, 8192));
                        ch.pipeline().addLast("origin", new Exchange());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    /** Starts a backend named {@code name} on a free port. */
    public static OriginServer start(String name) {
        return start(name, 0);
    }

    /** Starts a backend named {@code name} on {@code port} (0: a free one). */
    public static OriginServer start(String name, int port) {
        try {
            return new OriginServer(name, port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a backend speaking TLS with {@code tls} (HTTPS), on a free port; it records the SNI names sent. */
    public static OriginServer startTls(String name, io.netty.handler.ssl.SslContext tls) {
        try {
            return new OriginServer(name, 0, tls);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The SNI names TLS clients sent so far. */
    public List<String> serverNames() { return List.copyOf(serverNames); }

    public String name() { return name; }

    public int port() { return ((InetSocketAddress) listener.localAddress()).getPort(); }

    /** "127.0.0.1:port", as a proxy_pass or upstream server names it. */
    public String address() { return "127.0.0.1:" + port(); }

    /** TCP connections accepted so far (keep-alive tests count these). */
    public int connectionsOpened() { return connections.get(); }

    /** Connections open right now. */
    public int connectionsOpen() { return open.size(); }

    /** Request heads received so far. */
    public int requests() { return requests.get(); }

    /** Request body bytes received so far, over all requests. */
    public long bodyBytes() { return bodyBytes.get(); }

    /** The requests received whole so far, in order of arrival. */
    public List<Received> received() { return List.copyOf(received); }

    /** Closes every connection open now (a backend that drops its idle keep-alive connections). */
    public void closeConnections() {
        open.keySet().forEach(Channel::close);
    }

    @Override public void close() {
        listener.close().syncUninterruptibly();
        open.keySet().forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One connection: reads a request (counting its body), answers by path, then reads the next. */
    private final class Exchange extends SimpleChannelInboundHandler<HttpObject> {
        private HttpRequest request;
        private long bodyLength;
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();

        @Override protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest r) {
                requests.incrementAndGet();
                request = r;
                bodyLength = 0;
                crc.reset();
                if (!r.decoderResult().isSuccess()) {
                    ctx.close();
                    return;
                }
                String path = new QueryStringDecoder(r.uri()).path();
                if (path.equals("/close")) {
                    ctx.close();
                    return;
                }
                if (path.equals("/ws")) {
                    upgrade(ctx, r);
                    return;
                }
                if (HttpUtil.is100ContinueExpected(r)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
            }
            if (msg instanceof HttpContent c) {
                int n = c.content().readableBytes();
                bodyLength += n;
                bodyBytes.addAndGet(n);
                crc.update(c.content().nioBuffer());
                if (msg instanceof LastHttpContent && request != null) {
                    HttpRequest r = request;
                    received.add(new Received(r.method().name(), r.uri(), r.headers().copy(), bodyLength, crc.getValue(),
                            ((LastHttpContent) msg).trailingHeaders().copy()));
                    request = null;
                    respond(ctx, r, bodyLength);
                }
            }
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest r, long bodyLength) {
        QueryStringDecoder q = new QueryStringDecoder(r.uri());
        String path = q.path();
        String[] parts = path.split("/");
        String first = parts.length > 1 ? parts[1] : "";
        switch (first) {
            case "status" -> send(ctx, r, Integer.parseInt(parts[2]), "text/plain", "status " + parts[2]);
            case "sleep" -> ctx.executor().schedule(() -> echo(ctx, r, bodyLength), Long.parseLong(parts[2]), TimeUnit.MILLISECONDS);
            case "hang" -> { }
            case "garbage" -> raw(ctx, "this is not http\r\n\r\n", true, false);
            case "short" -> raw(ctx, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(50), true, false);
            case "reset" -> raw(ctx, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000), true, true);
            case "http10" -> raw(ctx, "HTTP/1.0 200 OK\r\nX-Origin: " + name + "\r\n\r\nhttp/1.0 body", true, false);
            case "big" -> big(ctx, r, Long.parseLong(parts[2]));
            case "chunked" -> chunks(ctx, r, intParam(q, "n", 3), intParam(q, "size", 10), 0, "1".equals(param(q, "trailer")), "text/plain");
            case "slow" -> chunks(ctx, r, intParam(q, "n", 5), intParam(q, "size", 10), intParam(q, "delay", 100), false, "text/plain");
            case "sse" -> chunks(ctx, r, intParam(q, "n", 5), 0, intParam(q, "delay", 100), false, "text/event-stream");
            case "respond" -> toOrder(ctx, r, q);
            default -> echo(ctx, r, bodyLength);
        }
    }

    private void echo(ChannelHandlerContext ctx, HttpRequest r, long bodyLength) {
        StringBuilder json = new StringBuilder("{\"method\":").append(quote(r.method().name()))
                .append(",\"uri\":").append(quote(r.uri()))
                .append(",\"version\":").append(quote(r.protocolVersion().text()))
                .append(",\"headers\":[");
        boolean firstHeader = true;
        for (Map.Entry<String, String> h : r.headers()) {
            json.append(firstHeader ? "" : ",").append('[').append(quote(h.getKey())).append(',').append(quote(h.getValue())).append(']');
            firstHeader = false;
        }
        json.append("],\"bodyLength\":").append(bodyLength).append("}\n");
        send(ctx, r, 200, "application/json", json.toString());
    }

    private void send(ChannelHandlerContext ctx, HttpRequest r, int status, String type, String body) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set("X-Origin", name)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
        finish(ctx, r, resp);
    }

    private void toOrder(ChannelHandlerContext ctx, HttpRequest r, QueryStringDecoder q) {
        int status = intParam(q, "status", 200);
        String body = param(q, "body");
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
        resp.headers().set("X-Origin", name);
        for (String h : q.parameters().getOrDefault("h", List.of())) {
            int colon = h.indexOf(':');
            resp.headers().add(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        if (!resp.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
        }
        finish(ctx, r, resp);
    }

    private static void finish(ChannelHandlerContext ctx, HttpRequest r, HttpResponse resp) {
        boolean keepAlive = HttpUtil.isKeepAlive(r);
        if (!keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var f = ctx.writeAndFlush(resp);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Bytes written as they are, then a close (a reset when {@code reset}: SO_LINGER 0). They are written from the
     * codec's context, below the HTTP encoder, which would refuse a bare buffer where it expects a response head.
     */
    private static void raw(ChannelHandlerContext ctx, String text, boolean close, boolean reset) {
        var f = ctx.pipeline().context("codec").writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        if (close) {
            f.addListener(done -> {
                if (reset) {
                    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                }
                ctx.channel().close();
            });
        }
    }

    private void big(ChannelHandlerContext ctx, HttpRequest r, long size) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream").set("X-Origin", name)
                .set(HttpHeaderNames.CONTENT_LENGTH, size);
        ctx.write(head);
        new Object() {
            long left = size;

            void pump() {
                while (left > 0 && ctx.channel().isWritable()) {
                    int n = (int) Math.min(left, 64 * 1024);
                    ByteBuf b = ctx.alloc().buffer(n);
                    // one bulk write per buffer: the leak detector records every access in paranoid mode
                    b.writeBytes(PATTERN_RUN, (int) ((size - left) % PATTERN.length), n);
                    left -= n;
                    ctx.write(new DefaultHttpContent(b));
                }
                if (left == 0) {
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                } else if (ctx.channel().isActive()) {
                    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                        if (f.isSuccess()) {
                            ctx.executor().execute(this::pump);
                        }
                    });
                }
            }
        }.pump();
    }

    private void chunks(ChannelHandlerContext ctx, HttpRequest r, int n, int size, int delayMillis, boolean trailer, String type) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set("X-Origin", name)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        if (type.equals("text/event-stream")) {
            head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        }
        ctx.writeAndFlush(head);
        new Object() {
            int sent;

            void next() {
                if (!ctx.channel().isActive()) {
                    return;
                }
                if (sent == n) {
                    LastHttpContent last = new DefaultLastHttpContent();
                    if (trailer) {
                        last.trailingHeaders().set("X-Checksum", Integer.toString(n * size));
                    }
                    ctx.writeAndFlush(last);
                    return;
                }
                String text = type.equals("text/event-stream") ? "data: event " + sent + "\n\n"
                        : String.valueOf((char) ('a' + sent % 26)).repeat(size);
                sent++;
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII)));
                if (delayMillis > 0) {
                    ctx.executor().schedule(this::next, delayMillis, TimeUnit.MILLISECONDS);
                } else {
                    next();
                }
            }
        }.next();
    }

    private static void upgrade(ChannelHandlerContext ctx, HttpRequest r) {
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri(), Unpooled.EMPTY_BUFFER);
        full.headers().set(r.headers());
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://origin/ws", null, true, 1 << 20)
                .newHandshaker(full);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            full.release();
            return;
        }
        ctx.pipeline().remove("origin");
        ctx.pipeline().addLast("ws", new SimpleChannelInboundHandler<WebSocketFrame>() {
            @Override protected void channelRead0(ChannelHandlerContext c, WebSocketFrame frame) {
                if (frame instanceof CloseWebSocketFrame close) {
                    handshaker.close(c.channel(), close.retain());
                } else if (frame instanceof PingWebSocketFrame ping) {
                    c.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                } else {
                    c.writeAndFlush(frame.retain());
                }
            }
        });
        handshaker.handshake(ctx.channel(), full).addListener(f -> full.release());
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int intParam(QueryStringDecoder q, String name, int dflt) {
        String v = param(q, name);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

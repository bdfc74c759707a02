package dev.pier.http.v2;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.ConnectionInfo;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpConnectionHandler;
import dev.pier.http.ServerSelector;
import dev.pier.http.connection.ConnectionTimer;
import dev.pier.http.connection.GracefulClose;
import dev.pier.http.connection.SocketErrors;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * One HTTP/2 connection, as nginx's ngx_http_v2 connection: Netty's frame codec ({@link Http2Codec}) with a
 * child channel per stream ({@link Http2StreamHandler}, one {@link dev.pier.http.HttpExchange} each), and this
 * handler for what belongs to the connection: its read timeout before the first stream (client_header_timeout)
 * and while idle (keepalive_timeout), the request limit (keepalive_requests, keepalive_time: GOAWAY NO_ERROR with
 * the last stream, which is still answered), and a graceful stop.
 */
public final class Http2Connection extends ChannelInboundHandlerAdapter {
    /** Names of the HTTP/1.x handlers {@link #install} takes out of a pipeline. */
    private static final String[] HTTP1_HANDLERS = {"activity", "decoder", "flow", "encoder", "http"};

    enum Wait { IDLE }

    /** SETTINGS and PINGs accepted while the connection's output is backed up (see {@link #controlFrame}). */
    private static final int MAX_UNREAD_ACKS = 1000;

    private final Supplier<HttpConfig> config;
    private final ConnectionInfo info;
    private final Http2Limits limits;
    private final long startNanos = System.nanoTime();
    private ChannelHandlerContext ctx;
    private ConnectionTimer<Wait> timer;
    private int streams;
    private boolean goingAway;
    private boolean closing;
    private int unreadAcks;

    private Http2Connection(Supplier<HttpConfig> config, ConnectionInfo info, Http2Limits limits) {
        this.config = config;
        this.info = info;
        this.limits = limits;
    }

    /**
     * Turns the pipeline of an accepted connection into an HTTP/2 one: its HTTP/1.x handlers (if any) are taken
     * out, the HTTP/2 codec, the stream multiplexer and the connection handler go in, and reading goes on. The
     * bytes read so far (the client preface) must be passed on after this returns. Over TLS this is what ALPN
     * "h2" calls; {@code scheme} is "https" there ($http2 is then "h2"), "http" for prior knowledge ("h2c").
     *
     * @param configuredAddress the listen address as configured (its default server gives the limits)
     */
    public static void install(ChannelPipeline p, Supplier<HttpConfig> config, InetSocketAddress configuredAddress, String scheme) {
        HttpConnectionHandler http1 = p.get(HttpConnectionHandler.class);
        ConnectionInfo info = http1 != null && http1.connectionInfo() != null ? http1.connectionInfo()
                : new ConnectionInfo((InetSocketAddress) p.channel().remoteAddress(), (InetSocketAddress) p.channel().localAddress(),
                        configuredAddress, scheme);
        for (String name : HTTP1_HANDLERS) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        HttpConfig http = config.get();
        ServerSelector selector = http == null ? null : http.selectorFor(info.localAddress(), info.configuredAddress());
        Http2Limits limits = Http2Limits.of(selector == null ? new dev.pier.config.Settings() : selector.defaultServer().settings());
        Http2Connection connection = new Http2Connection(config, info, limits);
        p.addLast("h2", Http2Codec.build(limits, info));
        p.addLast("h2streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override protected void initChannel(Http2StreamChannel ch) {
                // a stream's body is read as it is consumed, so its window opens only as far as Pier reads
                ch.config().setOption(ChannelOption.AUTO_READ, false);
                ch.pipeline().addLast("stream", new Http2StreamHandler(connection));
            }
        }));
        p.addLast("h2connection", connection);
        // frames of all streams arrive on the connection: it reads on; each stream's window bounds what waits
        p.channel().config().setAutoRead(true);
    }

    ConnectionInfo info() { return info; }

    /**
     * A handler starts reading the body of {@code stream}: below the default window, http2_body_preread_size
     * lets the client send little or nothing before this, so the stream's window is opened to the default
     * (nginx sends its WINDOW_UPDATE when it starts reading the body, ngx_http_v2_read_request_body).
     */
    void bodyWanted(Http2StreamChannel stream) {
        int missing = Http2CodecUtil.DEFAULT_WINDOW_SIZE - limits.initialWindow();
        Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
        if (missing <= 0 || codec == null) {
            return;
        }
        Http2Stream s = codec.connection().stream(stream.stream().id());
        if (s == null) {
            return;
        }
        try {
            codec.connection().local().flowController().incrementWindowSize(s, missing);
            ctx.channel().flush();
        } catch (Http2Exception e) {
            ErrorLog.log(LogLevel.INFO, info.id(), "http2 window update failed: " + e.getMessage());
        }
    }

    HttpConfig config() { return config.get(); }

    @Override public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timer = new ConnectionTimer<>(ctx.executor(), w -> idleExpired());
        // nginx's ngx_http_v2_init: client_header_timeout until the first stream
        timer.arm(Wait.IDLE, limits.clientHeaderTimeout());
        // the connection's window: room for every stream's preread at once (nginx opens it to 2^31-1 and bounds
        // the streams instead); a stream's own window still opens only as its body is read
        long window = Math.min(Integer.MAX_VALUE, (long) limits.initialWindow() * Math.max(1, limits.maxConcurrentStreams()));
        if (window > Http2CodecUtil.DEFAULT_WINDOW_SIZE) {
            ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame((int) (window - Http2CodecUtil.DEFAULT_WINDOW_SIZE)));
        }
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // connection-level frames (SETTINGS, PING, GOAWAY) the codec already acted on
        boolean needsAck = msg instanceof Http2SettingsFrame || msg instanceof Http2PingFrame ping && !ping.ack();
        ReferenceCountUtil.release(msg);
        if (needsAck && !closing) {
            controlFrame();
        }
    }

    /**
     * A SETTINGS or PING that is answered with an ACK: while the client does not read what the connection has
     * to send, such frames are counted, and past {@link #MAX_UNREAD_ACKS} the connection is cut at once, without
     * waiting for a GOAWAY the client would not read either (nginx's "http2 flood detected").
     */
    private void controlFrame() {
        if (ctx.channel().isWritable()) {
            unreadAcks = 0;
            return;
        }
        if (++unreadAcks > MAX_UNREAD_ACKS) {
            ErrorLog.log(LogLevel.INFO, info.id(), "http2 flood detected while processing HTTP/2 connection, client: "
                    + NetUtil.toAddressString(info.remoteAddress().getAddress()));
            closing = true;
            timer.stop();
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM));
            ctx.channel().close();
        }
    }

    /** A stream with a request begins: counted against keepalive_requests, GOAWAY at the limit (nginx's state_headers). */
    void streamStarted() {
        streams++;
        timer.cancel();
        if (!goingAway && (limits.keepaliveTimeout() == 0 || info.requests() >= limits.keepaliveRequests()
                || System.nanoTime() - startNanos > limits.keepaliveTime() * 1_000_000)) {
            goAway(Http2Error.NO_ERROR, false);
        }
    }

    /** A stream ended: the connection closes after its GOAWAY, or waits keepalive_timeout for the next. */
    void streamEnded() {
        streams--;
        if (streams > 0 || closing) {
            return;
        }
        if (goingAway) {
            close();
        } else {
            timer.arm(Wait.IDLE, limits.keepaliveTimeout());
        }
    }

    private void idleExpired() {
        if (streams == 0 && !closing) {
            goAway(Http2Error.NO_ERROR, true);
        }
    }

    /** Sends GOAWAY; with {@code now} (or no stream left) the connection closes once it is written. */
    private void goAway(Http2Error error, boolean now) {
        goingAway = true;
        var written = ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(error));
        if (now || streams == 0) {
            closing = true;
            timer.stop();
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void close() {
        closing = true;
        timer.stop();
        ctx.close();
    }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == GracefulClose.EVENT) {
            // a reload or a graceful stop: no new streams, the open ones finish
            if (!closing && !goingAway) {
                goAway(Http2Error.NO_ERROR, false);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        timer.stop();
        super.channelInactive(ctx);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception) {
            // the codec answers its own errors (GOAWAY with their code, then the close); nginx logs them at info
            ErrorLog.log(LogLevel.INFO, info.id(), cause.getMessage() + " while processing HTTP/2 connection, client: "
                    + NetUtil.toAddressString(info.remoteAddress().getAddress()));
            return;
        }
        if (cause instanceof IOException) {
            ErrorLog.log(LogLevel.INFO, info.id(), SocketErrors.describe("recv()", cause) + " while processing HTTP/2 connection, client: "
                    + NetUtil.toAddressString(info.remoteAddress().getAddress()));
        } else {
            ErrorLog.log(LogLevel.ALERT, info.id(), "unexpected error in HTTP/2 connection: " + cause);
        }
        close();
    }
}

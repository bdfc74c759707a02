package dev.pier.upstream.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One health check request to one peer: a non-blocking client connection on the peer's event loop that sends
 * {@code GET uri}, reads the response head (and up to {@link Match#BODY_LIMIT} of the body when a body test
 * needs it), judges it by the {@link Match}, closes, and reports once. A timer bounds the whole exchange.
 * Every received message is released as it is read; the body is kept as chars, never as buffers.
 */
final class Probe extends ChannelInboundHandlerAdapter {
    private static final String CONNECTING = "connecting to upstream";
    private static final String SENDING = "sending request to upstream";
    private static final String READING_HEADER = "reading response header from upstream";
    private static final String READING_BODY = "reading upstream";

    private final Match match;
    private final Consumer<ProbeResult> done;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private String phase = CONNECTING;
    private boolean finished;
    /** Whether any byte came back: a close before a valid head is then a reply that is not HTTP. */
    private boolean answered;
    private int status = -1;
    private HttpHeaders headers;
    private StringBuilder body;

    private Probe(Match match, Consumer<ProbeResult> done) {
        this.match = match;
        this.done = done;
    }

    /**
     * Starts a probe on {@code loop} (the caller is on it) and returns its channel, which the caller may close
     * to abandon the probe. {@code done} is called exactly once, on the loop, unless the loop shuts down first.
     */
    static Channel start(EventLoop loop, SocketAddress address, String uri, String host, Match match,
                         long timeoutMillis, Consumer<ProbeResult> done) {
        Probe probe = new Probe(match, done);
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(() -> newChannel(loop, address))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis + 1000))
                .handler(new ChannelInitializer<>() {
                    @Override protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("answered", new ChannelInboundHandlerAdapter() {
                            @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                probe.answered = true;
                                ctx.fireChannelRead(msg);
                            }
                        });
                        ch.pipeline().addLast("codec", new HttpClientCodec());
                        ch.pipeline().addLast("probe", probe);
                    }
                });
        probe.timer = loop.schedule(probe::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
        ChannelFuture connect = b.connect(address);
        probe.channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                probe.finish(ProbeResult.failed("connect() failed (" + errno(f.cause()) + ")", CONNECTING));
                return;
            }
            probe.phase = SENDING;
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
            request.headers().set(HttpHeaderNames.HOST, host);
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            connect.channel().writeAndFlush(request).addListener(w -> {
                if (w.isSuccess()) {
                    if (probe.phase == SENDING) {
                        probe.phase = READING_HEADER;
                    }
                } else {
                    probe.finish(ProbeResult.failed("send() failed (" + errno(w.cause()) + ")", SENDING));
                }
            });
        });
        return probe.channel;
    }

    /** The client channel type of the loop's transport: epoll loops take only epoll channels. */
    private static Channel newChannel(EventLoop loop, SocketAddress address) {
        if (loop instanceof IoEventLoop io && io.isIoType(EpollIoHandler.class)) {
            return address instanceof DomainSocketAddress ? new EpollDomainSocketChannel() : new EpollSocketChannel();
        }
        return new NioSocketChannel();
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (finished) {
                return;
            }
            if (msg instanceof HttpResponse r) {
                if (!r.decoderResult().isSuccess()) {
                    // the decoder's placeholder status (999) means the status line itself was not HTTP
                    finish(ProbeResult.failed(r.status().code() == 999 ? "upstream sent no valid HTTP/1.0 header"
                            : "upstream sent invalid header", READING_HEADER));
                    return;
                }
                status = r.status().code();
                headers = r.headers();
                if (!match.needsBody()) {
                    judge("");
                    return;
                }
                phase = READING_BODY;
                body = new StringBuilder();
            }
            if (msg instanceof HttpContent c && body != null) {
                if (!c.decoderResult().isSuccess()) {
                    finish(ProbeResult.failed("upstream sent invalid body", READING_BODY));
                    return;
                }
                append(c.content());
                if (msg instanceof LastHttpContent || body.length() >= Match.BODY_LIMIT) {
                    judge(body);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Keeps the body's bytes as ISO-8859-1 chars (one char per byte, as PCRE sees bytes), up to the limit. */
    private void append(ByteBuf content) {
        int n = Math.min(content.readableBytes(), Match.BODY_LIMIT - body.length());
        // one bulk read: a byte-by-byte loop costs a leak-detector record per byte under paranoid detection
        body.append(content.toString(content.readerIndex(), n, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private void judge(CharSequence text) {
        Match.Test failed = match.firstFailure(status, headers, text);
        finish(failed == null ? ProbeResult.passed(match.lastPhase(), status) : ProbeResult.refused(failed.phase(), status));
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
        if (answered && status < 0) {
            finish(ProbeResult.failed("upstream sent no valid HTTP/1.0 header", READING_HEADER));
        } else {
            finish(ProbeResult.failed("upstream prematurely closed connection", phase));
        }
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(ProbeResult.failed("recv() failed (" + errno(cause) + ")", phase));
    }

    private void timedOut() {
        finish(ProbeResult.failed("upstream timed out (110: Connection timed out)", phase));
    }

    private void finish(ProbeResult result) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
        done.accept(result);
    }

    /** A socket error in the words of nginx's errno text. */
    static String errno(Throwable cause) {
        String m = String.valueOf(cause == null ? null : cause.getMessage());
        if (m.contains("refused")) {
            return "111: Connection refused";
        }
        if (m.contains("reset")) {
            return "104: Connection reset by peer";
        }
        if (m.contains("timed out")) {
            return "110: Connection timed out";
        }
        if (m.contains("No route") || m.contains("unreachable")) {
            return "113: No route to host";
        }
        if (m.contains("Broken pipe")) {
            return "32: Broken pipe";
        }
        return m;
    }
}

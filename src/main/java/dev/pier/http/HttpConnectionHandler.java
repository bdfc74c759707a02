package dev.pier.http;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.codec.Http1DecodeError;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One HTTP/1.x connection after the decoder: turns each request head into an {@link HttpExchange} run by
 * the {@link RequestProcessor}, drops request bodies no handler reads, decides keep-alive, and runs the
 * connection's timers (keepalive_timeout while idle, client_header_timeout for the first request).
 */
public final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final RequestProcessor PROCESSOR = new RequestProcessor();
    private static final HttpResponse CONTINUE =
            new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, HeadersFactory.RESPONSE);

    private final Supplier<HttpConfig> config;
    private final InetSocketAddress configuredAddress;
    private final String scheme;
    private ConnectionInfo info;
    private HttpExchange current;
    private boolean requestBodyDone = true;
    private boolean responseDone = true;
    private boolean closing;
    private boolean inRead;
    private boolean needsFlush;
    private ScheduledFuture<?> idleTimer;

    public HttpConnectionHandler(Supplier<HttpConfig> config, InetSocketAddress configuredAddress, String scheme) {
        this.config = config;
        this.configuredAddress = configuredAddress;
        this.scheme = scheme;
    }

    RequestProcessor processor() { return PROCESSOR; }

    @Override public void channelActive(ChannelHandlerContext ctx) throws Exception {
        info = new ConnectionInfo((InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress(),
                configuredAddress, scheme);
        armIdleTimer(ctx, defaultSettingsMillis(ConnectionLimitsModule.CLIENT_HEADER_TIMEOUT));
        super.channelActive(ctx);
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        try {
            if (closing) {
                ReferenceCountUtil.release(msg);
            } else if (msg instanceof Http1DecodeError error) {
                badRequest(ctx, error);
            } else if (msg instanceof HttpRequest request) {
                startRequest(ctx, request);
                if (msg instanceof HttpContent content) {
                    bodyPart(ctx, content);
                }
            } else if (msg instanceof HttpContent content) {
                bodyPart(ctx, content);
            } else {
                ReferenceCountUtil.release(msg);
            }
        } finally {
            inRead = false;
        }
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelIdleTimer();
        super.channelInactive(ctx);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof java.io.IOException)) {
            ErrorLog.log(LogLevel.ALERT, info == null ? 0 : info.id(), "unexpected error: " + cause);
        } else {
            ErrorLog.log(LogLevel.INFO, info == null ? 0 : info.id(), "connection error: " + cause.getMessage());
        }
        ctx.close();
    }

    private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
        cancelIdleTimer();
        if (request.decoderResult().isFailure()) {
            badRequest(ctx, new Http1DecodeError(400, "client sent invalid request", true, request.method().name(), request.uri()));
            return;
        }
        info.nextRequest();
        HttpConfig http = config.get();
        RequestTarget target = RequestTarget.parse(request.uri());
        boolean keepAlive = wantsKeepAlive(request);
        current = new HttpExchange(ctx, request, info, this, target == null ? request.uri() : target.requestUri(), keepAlive);
        requestBodyDone = false;
        responseDone = false;
        if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.EXPECT))
                && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            // nginx sends 100 Continue when it starts reading or discarding the body; Pier does it at once
            write(ctx, CONTINUE);
        }
        PROCESSOR.process(current, http);
    }

    private static boolean wantsKeepAlive(HttpRequest request) {
        String connection = request.headers().get(HttpHeaderNames.CONNECTION);
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return connection == null || !HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(connection)
                    && !containsToken(connection, "close");
        }
        return connection != null && containsToken(connection, "keep-alive");
    }

    private static boolean containsToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private void bodyPart(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        // no content handler of this issue reads request bodies: they are read and dropped, as nginx discards them
        content.release();
        if (last) {
            requestBodyDone = true;
            maybeIdle(ctx);
        }
    }

    /** Called by the exchange when its response is complete. */
    void finish(HttpExchange ex, ChannelHandlerContext ctx) {
        if (ex != current) {
            return;
        }
        responseDone = true;
        if (!ex.keepAlive()) {
            closing = true;
            ChannelFuture f = ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER);
            f.addListener(ChannelFutureListener.CLOSE);
            needsFlush = false;
            return;
        }
        if (!inRead) {
            ctx.flush();
        } else {
            needsFlush = true;
        }
        maybeIdle(ctx);
    }

    ChannelFuture write(ChannelHandlerContext ctx, Object msg) {
        if (inRead) {
            needsFlush = true;
            return ctx.write(msg);
        }
        return ctx.writeAndFlush(msg);
    }

    /** Connection and Keep-Alive headers as nginx writes them. */
    void connectionHeaders(HttpExchange ex, HttpResponse head) {
        // decided with the settings of the location that answers, as nginx's finalize does
        ConnectionLimitsModule.KeepaliveTimeout timeout = ex.settings().get(ConnectionLimitsModule.KEEPALIVE_TIMEOUT);
        if (timeout.millis() == 0 || info.requests() >= ex.settings().get(ConnectionLimitsModule.KEEPALIVE_REQUESTS)) {
            ex.disableKeepAlive();
        }
        if (ex.keepAlive()) {
            head.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ConnectionLimitsModule.KeepaliveTimeout t = ex.settings().get(ConnectionLimitsModule.KEEPALIVE_TIMEOUT);
            if (t.headerSeconds() >= 0) {
                head.headers().set(HeaderNames.KEEP_ALIVE, "timeout=" + t.headerSeconds());
            }
        } else {
            head.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void maybeIdle(ChannelHandlerContext ctx) {
        if (requestBodyDone && responseDone && current != null) {
            long timeout = current.settings().get(ConnectionLimitsModule.KEEPALIVE_TIMEOUT).millis();
            current = null;
            armIdleTimer(ctx, timeout);
        }
    }

    private void badRequest(ChannelHandlerContext ctx, Http1DecodeError error) {
        cancelIdleTimer();
        if (!error.needsResponse()) {
            closing = true;
            ctx.close();
            return;
        }
        HttpConfig http = config.get();
        String uri = error.uri() == null ? "/" : error.uri();
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1,
                error.method() == null ? HttpMethod.GET : HttpMethod.valueOf(error.method()), uri);
        current = new HttpExchange(ctx, request, info, this, uri, false);
        requestBodyDone = true;
        responseDone = false;
        ServerSelector selector = info.selector(http);
        if (selector == null) {
            ctx.close();
            return;
        }
        current.server(selector.defaultServer());
        RequestLog.log(LogLevel.INFO, current, error.reason() + " while reading client request line");
        current.sendError(error.status());
    }

    private long defaultSettingsMillis(dev.pier.config.ConfigKey<Long> key) {
        HttpConfig http = config.get();
        ServerSelector s = http.selectorFor(configuredAddress);
        return s == null ? 60_000 : s.defaultServer().settings().get(key);
    }

    private void armIdleTimer(ChannelHandlerContext ctx, long millis) {
        cancelIdleTimer();
        if (millis <= 0) {
            ctx.close();
            return;
        }
        idleTimer = ctx.executor().schedule(() -> {
            idleTimer = null;
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }
}

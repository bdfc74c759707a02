package dev.pier.http;

import io.netty.util.NetUtil;
import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.codec.Http1DecodeError;
import dev.pier.http.codec.Http1RequestDecoder;
import dev.pier.http.connection.Http09ResponseEncoder;
import dev.pier.http.connection.ConnectionTimer;
import dev.pier.http.connection.GracefulClose;
import dev.pier.http.connection.LingeringDrain;
import dev.pier.http.connection.ReadOnDemand;
import dev.pier.http.connection.SendProgress;
import dev.pier.http.connection.SentBytes;
import dev.pier.http.connection.Reusable;
import dev.pier.http.connection.SocketErrors;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * One HTTP/1.x connection after the decoder, run as nginx runs one: a request head becomes an
 * {@link HttpExchange}; its body goes to the handler's {@link RequestBodyReader} or is read and dropped; the next request is not
 * read until the response is written (the channel reads only on demand, so pipelined requests wait in the
 * socket and answers keep their order); then keep-alive or close, with a lingering close when the client may
 * still be sending. One {@link ConnectionTimer} carries nginx's timeouts in turn.
 */
public final class HttpConnectionHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    private static final RequestProcessor PROCESSOR = RequestProcessor.INSTANCE;

    /** What the connection's timer is waiting for. */
    enum Wait { FIRST_REQUEST, HEADER, BODY, KEEPALIVE, SEND, DISCARD }

    private final Supplier<HttpConfig> config;
    private final InetSocketAddress configuredAddress;
    private final String scheme;
    private final long startNanos = System.nanoTime();
    private ChannelHandlerContext ctx;
    private ConnectionInfo info;
    private ConnectionTimer<Wait> timer;
    /** Writes have their own timer, as nginx's write event has, so send_timeout and a read timeout can overlap. */
    private ConnectionTimer<Wait> sendTimer;
    private HttpExchange current;
    private boolean bodyDone = true;
    private boolean continuePending;
    private boolean responseWritten;
    private boolean idle;
    private boolean closing;
    /** The server stops serving this connection: it answers what it has started, then closes. */
    private boolean draining;
    private long discardEndNanos;
    private long sendProgress = -1;
    private int readDepth;
    /** The exchange whose writes wait for its {@link #flushHeld} or its finish (one socket write per upstream read). */
    private HttpExchange flushHeldBy;
    private ReadOnDemand gate;
    private SentBytes sent;
    /** When the first byte of the request being read arrived, or 0. */
    private long firstByteNanos;
    private HttpConfig requestConfig;
    private boolean awaitingBuffered;
    private final RequestBodyIntake body = new RequestBodyIntake();

    public HttpConnectionHandler(Supplier<HttpConfig> config, InetSocketAddress configuredAddress, String scheme) {
        this.config = config;
        this.configuredAddress = configuredAddress;
        this.scheme = scheme;
    }

    /** The connection's addresses and counters; made when the connection becomes active. */
    public ConnectionInfo connectionInfo() { return info; }

    @Override public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timer = new ConnectionTimer<>(ctx.executor(), this::expired);
        this.sendTimer = new ConnectionTimer<>(ctx.executor(), this::expired);
        this.gate = ctx.pipeline().get(ReadOnDemand.class);
        this.sent = ctx.pipeline().get(SentBytes.class);
    }

    /** Taken out of the pipeline (the connection turned to HTTP/2): its timers stop with it. */
    @Override public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.stop();
        sendTimer.stop();
    }

    @Override public void channelActive(ChannelHandlerContext ctx) throws Exception {
        info = new ConnectionInfo((InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress(),
                configuredAddress, scheme);
        idle(true);
        // nginx's ngx_http_init_connection waits client_header_timeout for the first byte
        timer.arm(Wait.FIRST_REQUEST, defaultServerMillis(ConnectionLimitsModule.CLIENT_HEADER_TIMEOUT));
        super.channelActive(ctx);
        ctx.read();
    }

    /** Bytes reached the socket, before the decoder: the first byte of a request starts client_header_timeout. */
    public void bytesArrived() {
        if (idle && firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();   // nginx starts a request's clock when its first bytes are read
        }
        if (idle) {
            // a request is coming: nginx takes the connection off the reusable queue
            Reusable.set(ctx.channel(), false);
        }
        if (idle && timer.kind() == Wait.KEEPALIVE) {
            timer.arm(Wait.HEADER, defaultServerMillis(ConnectionLimitsModule.CLIENT_HEADER_TIMEOUT));
        } else if (timer.kind() == Wait.DISCARD) {
            armDiscardTimer();
        }
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readDepth++;
        try {
            dispatch(msg);
        } finally {
            readDepth--;
        }
    }

    private void dispatch(Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof Http1DecodeError error) {
            badRequest(error);
        } else if (msg instanceof HttpRequest request) {
            startRequest(request);
            if (msg instanceof HttpContent content) {
                bodyPart(content);
            }
        } else if (msg instanceof HttpContent content) {
            bodyPart(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        if (awaitingBuffered && !closing) {
            // what came with the head is discarded: now the request runs
            awaitingBuffered = false;
            run(current);
        }
        ctx.flush();
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        timer.stop();
        sendTimer.stop();
        if (idle && !closing && info != null && info.requests() > 0) {
            ErrorLog.log(LogLevel.INFO, info.id(), "client " + NetUtil.toAddressString(info.remoteAddress().getAddress()) + " closed keepalive connection");
        }
        closing = true;
        body.releaseHeld();
        RequestBodyReader reader = body.detach();
        if (reader != null && !bodyDone) {
            reader.failed(499);
        }
        if (current != null && !current.ended()) {
            // the client went away before the request ended: nginx's 499, unless a status was already decided
            current.presetStatus(current.status() == 0 ? 499 : current.status());
            logPhase(current);
        }
        super.channelInactive(ctx);
    }

    @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (current != null && !closing && ctx.channel().isWritable()) {
            current.clientWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // a client going away is routine for nginx: logged at info
            ErrorLog.log(LogLevel.INFO, info == null ? 0 : info.id(), SocketErrors.describe("recv()", cause) + " while "
                    + (idle ? "waiting for request" : "processing request"));
        } else {
            ErrorLog.log(LogLevel.ALERT, info == null ? 0 : info.id(), "unexpected error: " + cause);
        }
        closing = true;
        ctx.close();
    }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt != GracefulClose.EVENT) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        draining = true;
        if (closing) {
            return;
        }
        if (timer.kind() == Wait.KEEPALIVE && Reusable.is(ctx.channel())) {
            close();   // idle between requests, no byte of the next one yet: nginx 1.22 closes only these (c->idle)
        } else if (current != null && !current.responded()) {
            current.disableKeepAlive();
        }
    }

    private void idle(boolean value) {
        idle = value;
        Reusable.set(ctx.channel(), value);
    }

    private void startRequest(HttpRequest request) {
        idle(false);
        timer.cancel();
        if (request.decoderResult().isFailure()) {
            badRequest(new Http1DecodeError(400, "client sent invalid request", true, request.method().name(), request.uri()));
            return;
        }
        info.nextRequest();
        if (request.protocolVersion() == Http1RequestDecoder.HTTP_0_9 && ctx.pipeline().get("encoder") != null) {
            // nginx answers a simple request with the body alone, then closes (the decoder reads nothing more)
            ctx.pipeline().replace("encoder", "encoder", new Http09ResponseEncoder());
        }
        requestConfig = config.get();
        RequestTarget target = RequestTarget.parse(request.uri());
        current = new HttpExchange(ctx, request, info, this, target == null ? request.uri() : target.requestUri(), KeepAlivePolicy.requested(request));
        if (draining) {
            current.disableKeepAlive();
        }
        if (firstByteNanos != 0) {
            current.startedAt(firstByteNanos);
            firstByteNanos = 0;
        } else if (info.requests() > 1) {
            // its bytes came before the previous request ended (none arrived while idle): nginx's r->pipeline
            current.pipelined();
        }
        bodyDone = false;
        responseWritten = false;
        body.reset();
        // nginx answers "100 Continue" when it starts reading or discarding a body, not for 413 (ngx_http_test_expect)
        continuePending = hasBody(request) && request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.EXPECT));
        if (gate != null && hasBody(request) && gate.moreAlreadyReceived()) {
            // body bytes that came with the head are discarded before the answer, as nginx's discard does first:
            // an invalid chunk among them is a 400, not the handler's response
            awaitingBuffered = true;
            demand();
            return;
        }
        run(current);
    }

    private void run(HttpExchange ex) {
        try {
            PROCESSOR.process(ex, requestConfig);
        } catch (RuntimeException | LinkageError e) {
            handlerFailed(ex, e);
        }
        // parts held for a reader the handler did not attach are dropped
        body.releaseHeld();
        if (!bodyDone && !closing && !body.paused()) {
            // the decoder ends every request with a LastHttpContent, empty when there is no body
            demand();
        }
    }

    /** Asks for the next message; {@link dev.pier.http.connection.ReadOnDemand} hands over one per call. */
    private void demand() {
        ctx.read();
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    /** A handler threw: 500 if nothing was sent yet, as nginx's NGX_ERROR from a content handler; otherwise the connection is cut. */
    private void handlerFailed(HttpExchange ex, Throwable e) {
        ErrorLog.log(LogLevel.ALERT, info.id(), "unhandled error while processing \"" + ex.requestLine() + "\": " + e);
        if (ex != current || closing) {
            return;
        }
        if (!ex.responded()) {
            ex.disableKeepAlive();
            ex.sendError(500);
        } else {
            // what was written goes out, so the client sees a response cut short rather than none
            ctx.flush();
            close();
        }
    }

    private void bodyPart(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (bodyDone || content.decoderResult().isFailure()) {
            content.release();
            if (!bodyDone) {
                badBody();
            }
            return;
        }
        // without a reader the part is dropped, as nginx discards a body no handler reads
        if (body.reader() != null) {
            // nginx counts a body in $request_length when it is read, not when it is discarded
            current.countBodyBytes(content.content().readableBytes());
        }
        if (!body.accept(content.content(), awaitingBuffered, maxBodySize())) {
            bodyTooLarge();
            return;
        }
        if (last) {
            bodyDone = true;
            current.bodyComplete();
            body.trailers(((LastHttpContent) content).trailingHeaders());
            if (awaitingBuffered) {
                awaitingBuffered = false;
                run(current);
            } else if (body.reader() != null) {
                timer.cancel();
                // the reader may answer at once (a mirror's kept body lets the content handler run): that
                // answer ends the request itself
                boolean writtenBefore = responseWritten;
                body.endReader();
                if (writtenBefore) {
                    // the handler answered before the body it reads was complete (a proxy's 502): go on now
                    requestDone();
                }
            } else if (responseWritten) {
                requestDone();
            }
            return;
        }
        if (awaitingBuffered && !gate.moreAlreadyReceived()) {
            awaitingBuffered = false;
            run(current);
            return;
        }
        if (body.reader() != null) {
            timer.arm(Wait.BODY, current.settings().get(ConnectionLimitsModule.CLIENT_BODY_TIMEOUT));
        } else if (timer.kind() == Wait.DISCARD) {
            armDiscardTimer();
        }
        if (!body.paused()) {
            demand();
        }
    }

    private long maxBodySize() {
        return current.location() == null ? 0 : current.settings().get(ConnectionLimitsModule.CLIENT_MAX_BODY_SIZE);
    }

    /** Called through the exchange: the handler reads the body (nginx's ngx_http_read_client_request_body). */
    @Override public void readBody(HttpExchange ex, RequestBodyReader reader) {
        if (ex != current || closing) {
            reader.failed(499);
            return;
        }
        sendContinue();
        if (!body.attach(reader, maxBodySize())) {
            bodyTooLarge();
            return;
        }
        if (bodyDone) {
            body.endReader();
            return;
        }
        timer.arm(Wait.BODY, ex.settings().get(ConnectionLimitsModule.CLIENT_BODY_TIMEOUT));
    }

    @Override public void pauseBody(HttpExchange ex, boolean paused) {
        if (ex != current || closing || body.paused() == paused) {
            return;
        }
        body.paused(paused);
        if (timer.kind() == Wait.BODY && paused) {
            timer.cancel();
        }
        if (!paused && !bodyDone && body.reader() != null) {
            timer.arm(Wait.BODY, ex.settings().get(ConnectionLimitsModule.CLIENT_BODY_TIMEOUT));
            demand();
        }
    }

    /** nginx's chunked body filter: "client intended to send too large chunked body", 413, lingering close. */
    private void bodyTooLarge() {
        HttpExchange ex = current;
        RequestBodyReader reader = body.detach();
        if (timer.kind() == Wait.BODY) {
            timer.cancel();
        }
        RequestLog.error(ex, "client intended to send too large chunked body: " + (body.received() - body.lastPart()) + "+"
                + body.lastPart() + " bytes");
        if (reader != null) {
            reader.failed(413);
        }
        ex.disableKeepAlive();
        if (!ex.responded()) {
            ex.sendError(413);
        } else {
            close();
        }
        if (!bodyDone && !closing) {
            demand();
        }
    }

    /** A body whose framing broke (bad chunk): nginx answers 400 if it can, and closes. */
    private void badBody() {
        bodyDone = true;
        RequestBodyReader reader = body.detach();
        if (reader != null) {
            reader.failed(400);
        }
        HttpExchange ex = current;
        if (ex == null) {
            close();
            return;
        }
        ex.disableKeepAlive();
        if (awaitingBuffered) {
            // the request never reached server selection: nginx's error comes from the address's default server
            awaitingBuffered = false;
            ServerSelector selector = info.selector(requestConfig);
            if (selector == null) {
                close();
                return;
            }
            ex.server(selector.defaultServer());
            parsedUri(ex, ex.request().uri());
        }
        if (!ex.responded()) {
            RequestLog.error(ex, "client sent invalid chunked body");
            ex.sendError(400);
        } else if (responseWritten) {
            close();
        }
    }

    /** Called by the exchange when its response is complete: waits until it is written, then goes on. */
    @Override public void finish(HttpExchange ex) {
        if (ex != current || closing) {
            return;
        }
        flushHeldBy = null;
        ChannelFuture written = ctx.writeAndFlush(Unpooled.EMPTY_BUFFER);
        if (!written.isDone()) {
            sendProgress = SendProgress.mark(ctx.channel());
            sendTimer.arm(Wait.SEND, ex.settings().get(ConnectionLimitsModule.SEND_TIMEOUT));
        }
        written.addListener(f -> responseWritten(ex, f.isSuccess() ? null : f.cause()));
    }

    private void responseWritten(HttpExchange ex, Throwable failure) {
        if (ex != current || closing) {
            return;
        }
        sendTimer.cancel();
        if (failure != null) {
            RequestLog.log(LogLevel.INFO, ex, SocketErrors.describe("writev()", failure) + " while sending to client");
            close();
            return;
        }
        responseWritten = true;
        if (bodyDone) {
            requestDone();
        } else if (!ex.keepAlive()) {
            closeAfterResponse(ex);
        } else {
            // nginx keeps discarding after the response, lingering_timeout per read and lingering_time in all
            discardEndNanos = System.nanoTime() + ex.settings().get(ConnectionLimitsModule.LINGERING_TIME) * 1_000_000;
            armDiscardTimer();
        }
    }

    private void armDiscardTimer() {
        long left = (discardEndNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            close();
            return;
        }
        timer.arm(Wait.DISCARD, Math.min(left, current.settings().get(ConnectionLimitsModule.LINGERING_TIMEOUT)));
    }

    /** Request read and response written: keep-alive (the next request may already be waiting) or close. */
    private void requestDone() {
        HttpExchange ex = current;
        if (!ex.keepAlive() || draining) {
            closeAfterResponse(ex);
            return;
        }
        ex.disableKeepAlive();   // nginx's ngx_http_set_keepalive clears r->keepalive before it logs
        logPhase(ex);
        current = null;
        idle(true);
        Http1RequestDecoder decoder = ctx.pipeline().get(Http1RequestDecoder.class);
        if (decoder != null) {
            decoder.resumeAfterUpgrade();   // an Upgrade request not answered with 101: what follows is the next request
        }
        timer.arm(Wait.KEEPALIVE, ex.settings().get(ConnectionLimitsModule.KEEPALIVE_TIMEOUT).millis());
        demand();
    }

    /** nginx's ngx_http_finalize_connection for a request that is not kept alive: lingering close or close. */
    private void closeAfterResponse(HttpExchange ex) {
        logPhase(ex);
        closing = true;
        timer.stop();
        sendTimer.stop();
        String mode = ex.server() == null ? "on" : ex.settings().get(ConnectionLimitsModule.LINGERING_CLOSE);
        // "on": when the client may still be sending, a body not all read or pipelined bytes not yet used
        boolean linger = mode.equals("always") || mode.equals("on") && (!bodyDone || gate != null && gate.moreAlreadyReceived());
        if (!linger) {
            ctx.close();
            return;
        }
        LingeringDrain.start(ctx.channel(), ex.settings().get(ConnectionLimitsModule.LINGERING_TIME),
                ex.settings().get(ConnectionLimitsModule.LINGERING_TIMEOUT));
    }

    private void close() {
        if (current != null) {
            logPhase(current);
        }
        closing = true;
        timer.stop();
        sendTimer.stop();
        ctx.close();
    }

    private void expired(Wait what) {
        if (closing) {
            return;
        }
        switch (what) {
            case FIRST_REQUEST -> timedOut(ctx.pipeline().get(dev.pier.http.connection.ProxyProtocolDecoder.class) != null
                    ? "reading PROXY protocol" : dev.pier.tls.HandshakeWatch.handshaking(ctx.pipeline()) ? "SSL handshaking" : "waiting for request");
            case HEADER -> timedOut("reading client request headers");
            case BODY -> bodyTimedOut();
            case KEEPALIVE, DISCARD -> close();
            case SEND -> sendStalled();
        }
    }

    /** nginx closes without a response (the 408 only reaches the access log) and logs at info. */
    private void timedOut(String while_) {
        ErrorLog.log(LogLevel.INFO, info.id(), "client timed out (110: Connection timed out) while " + while_
                + ", client: " + NetUtil.toAddressString(info.remoteAddress().getAddress()) + ", server: " + new Listen(configuredAddress,
                        false, false, 0, false, false, false).display());
        // a request begun but not read in time is logged with 408 and what had arrived of it, as nginx does
        Http1RequestDecoder decoder = ctx.pipeline().get(Http1RequestDecoder.class);
        Http1DecodeError partial = decoder == null || current != null && !current.ended() ? null
                : decoder.incomplete(408, "client timed out");
        if (partial != null && badRequestExchange(partial) == null) {
            return;
        }
        if (partial != null) {
            current.presetStatus(408);
        }
        close();
    }

    /** client_body_timeout: nginx ends the request with 408 but sends nothing and logs nothing (1.22), and closes. */
    private void bodyTimedOut() {
        RequestBodyReader reader = body.detach();
        if (current != null) {
            current.presetStatus(408);
        }
        close();
        if (reader != null) {
            reader.failed(408);
        }
    }

    /** send_timeout: nginx closes when no byte could be written for that long; progress restarts the wait. */
    private void sendStalled() {
        long progress = SendProgress.mark(ctx.channel());
        HttpExchange ex = current;
        if (progress != -1 && ex != null && progress != sendProgress) {
            sendProgress = progress;
            sendTimer.arm(Wait.SEND, ex.settings().get(ConnectionLimitsModule.SEND_TIMEOUT));
            return;
        }
        if (ex != null) {
            RequestLog.log(LogLevel.INFO, ex, "client timed out (110: Connection timed out) while sending response to client");
        }
        close();
    }

    @Override public ChannelFuture write(Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return ctx.newFailedFuture(new java.nio.channels.ClosedChannelException());
        }
        // inside a read the flush comes with the end of the response or of the read; outside it, at once
        return readDepth > 0 || flushHeldBy != null && flushHeldBy == current ? ctx.write(msg) : ctx.writeAndFlush(msg);
    }

    /** Through the exchange: its writes are not flushed until {@link #flushHeld} or its finish. */
    @Override public void holdFlush(HttpExchange ex) {
        if (ex == current && !closing) {
            flushHeldBy = ex;
        }
    }

    /** Through the exchange: what its writes left unflushed goes out now, and later writes flush again. */
    @Override public void flushHeld(HttpExchange ex) {
        if (flushHeldBy == ex) {
            flushHeldBy = null;
            ctx.flush();
        }
    }

    /** Connection and Keep-Alive headers as nginx writes them; also the 100 Continue nginx owes before them. */
    @Override public void connectionHeaders(HttpExchange ex, HttpResponse head) {
        if (continuePending && head.status().code() != 413) {
            sendContinue();
        }
        continuePending = false;
        KeepAlivePolicy.apply(ex, head, info.requests(), System.nanoTime() - startNanos);
    }

    /** nginx's r->expect_tested: a request answered with an error page owes no 100 Continue any more. */
    @Override public void expectTested(HttpExchange ex) {
        if (ex == current) {
            continuePending = false;
        }
    }

    private void sendContinue() {
        if (continuePending) {
            continuePending = false;
            // a full message, so the encoder is ready for the real head that follows
            if (!closing) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
            }
        }
    }

    private void badRequest(Http1DecodeError error) {
        idle(false);
        timer.cancel();
        if (!error.needsResponse()) {
            // the peer went away mid-request: nothing is sent, but nginx logs the request with 400
            if (current == null || current.ended()) {
                if (badRequestExchange(error) == null) {
                    return;
                }
            }
            current.presetStatus(400);
            close();
            return;
        }
        if (current != null && !current.ended() && !current.responded()) {
            // the body of the request being processed broke its framing: that request is answered 400 (and logged once)
            badBody();
            return;
        }
        if (current != null && current.responded()) {
            // the body of a request already answered was malformed: nginx logs it and closes, no second answer
            RequestLog.log(LogLevel.INFO, current, error.reason() + " while discarding request body");
            close();
            return;
        }
        if (badRequestExchange(error) == null) {
            return;
        }
        RequestLog.log(LogLevel.INFO, current, error.reason() + " while reading client request line");
        current.sendError(error.status());
    }

    /** The exchange of a request the decoder refused, on the address's default server; null if the connection closed. */
    private HttpExchange badRequestExchange(Http1DecodeError error) {
        HttpConfig http = config.get();
        requestConfig = http;
        String uri = error.uri() == null ? "/" : error.uri();
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1,
                error.method() == null ? HttpMethod.GET : HttpMethod.valueOf(error.method()), uri);
        info.nextRequest();   // nginx counts a request it refused in $connection_requests too
        current = new HttpExchange(ctx, request, info, this, uri, false);
        current.received(error.receivedLine(), error.requestLineParsed(), error.headLength());
        if (firstByteNanos != 0) {
            current.startedAt(firstByteNanos);
            firstByteNanos = 0;
        }
        if (error.requestLineParsed()) {
            parsedUri(current, uri);
        }
        // the framing is lost: nothing more is read as a request
        bodyDone = true;
        continuePending = false;
        responseWritten = false;
        ServerSelector selector = info.selector(http);
        if (selector == null) {
            close();
            return null;
        }
        current.server(selector.defaultServer());
        return current;
    }

    /** Sets $uri and $args of a request refused before processing: nginx has parsed them with the request line. */
    private static void parsedUri(HttpExchange ex, String rawUri) {
        RequestTarget target = RequestTarget.parse(rawUri);
        String path = target == null ? null : dev.pier.http.codec.UriNormalizer.normalize(target.requestUri(), true);
        if (path != null) {
            ex.uri(path, target.query());
        }
    }

    /**
     * The response to {@code ex} switched protocols (its 101 head is written): the connection stops being
     * HTTP. Its timers stop and the request is logged when the connection closes, as nginx finalizes an
     * upgraded request when its tunnel ends. The caller then takes this handler and the codecs out of the
     * pipeline ({@code dev.pier.proxy.tunnel.ClientUpgrade}). False if the request is no longer current.
     */
    public boolean switchProtocols(HttpExchange ex) {
        if (ex != current || closing) {
            return false;
        }
        closing = true;
        timer.stop();
        sendTimer.stop();
        body.releaseHeld();
        body.detach();
        ctx.channel().closeFuture().addListener(f -> logPhase(ex));
        return true;
    }

    /** Bytes the socket accepted on this connection ($bytes_sent counts from a request's start). */
    @Override public long bytesSent() { return sent == null ? 0 : sent.total(); }

    @Override public boolean writable() { return ctx.channel().isWritable(); }

    @Override public io.netty.util.concurrent.Future<?> closeFuture() { return ctx.channel().closeFuture(); }

    /** nginx's terminate: the connection is cut; the log phase runs when the close is seen. */
    @Override public void abort(HttpExchange ex) { ctx.close(); }

    /** nginx's log phase: runs once per request, whatever ended it (response done, error, abort, close). */
    private void logPhase(HttpExchange ex) {
        if (!ex.end()) {
            return;
        }
        try {
            dev.pier.log.AccessLogPhase.run(ex);
        } catch (RuntimeException e) {
            ErrorLog.log(LogLevel.ALERT, info.id(), "access log failed: " + e);
        }
    }

    private long defaultServerMillis(dev.pier.config.ConfigKey<Long> key) {
        ServerSelector s = config.get().selectorFor(configuredAddress);
        return s == null ? 60_000 : s.defaultServer().settings().get(key);
    }
}

package dev.pier.http.v2;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.ConnectionLimitsModule;
import dev.pier.http.ExchangeOwner;
import dev.pier.http.Exchanges;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestBodyReader;
import dev.pier.http.RequestLog;
import dev.pier.http.connection.ConnectionTimer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * One HTTP/2 stream, on its child channel: its HEADERS become an {@link HttpExchange} run by the same request
 * path as HTTP/1.x, its DATA frames the request body (read on demand, so the stream's window opens only as the
 * body is consumed; client_max_body_size and client_body_timeout as nginx applies them), its response goes out
 * through a {@link StreamOutput} (send_timeout while it waits), and its log phase runs once, whatever ends it.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    enum Wait { BODY, SEND }

    private final Http2Connection connection;
    private ChannelHandlerContext ctx;
    private StreamOutput out;
    private HttpExchange ex;
    private ConnectionTimer<Wait> timer;
    private ConnectionTimer<Wait> sendTimer;
    private RequestBodyReader reader;
    private boolean bodyDone;
    /** The client has not ended its side of the stream (no END_STREAM yet), whether or not the body is still read. */
    private boolean clientSending;
    private boolean paused;
    private long received;
    private boolean responseWritten;
    private boolean finishing;
    private long sendProgress;
    private boolean closed;

    Http2StreamHandler(Http2Connection connection) {
        this.connection = connection;
    }

    @Override public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.out = new StreamOutput(ctx, 8192);
        this.timer = new ConnectionTimer<>(ctx.executor(), this::expired);
        this.sendTimer = new ConnectionTimer<>(ctx.executor(), this::expired);
    }

    @Override public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        ctx.read();
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof Http2HeadersFrame headers) {
            if (ex == null) {
                start(headers);
            } else if (headers.isEndStream()) {
                clientSending = false;
                bodyEnd();   // trailers end the body; nginx ignores their fields
            }
        } else if (msg instanceof Http2DataFrame data) {
            data(data);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(Http2HeadersFrame frame) {
        HttpRequest request = Http2Requests.toRequest(frame.headers(), frame.isEndStream());
        ex = Exchanges.start(ctx, request, connection.info(), this);
        connection.streamStarted();
        bodyDone = frame.isEndStream();
        clientSending = !bodyDone;
        if (bodyDone) {
            Exchanges.bodyComplete(ex);
        }
        // nginx parses :path with the pseudo-headers (ngx_http_v2_construct_request_line): $uri is known even
        // for a request refused once its headers are in (TRACE, a bad Host)
        ex.adoptRequestLineUri();
        try {
            Exchanges.process(ex, connection.config());
        } catch (RuntimeException | LinkageError e) {
            ErrorLog.log(LogLevel.ALERT, connection.info().id(), "unhandled error while processing \"" + ex.requestLine() + "\": " + e);
            if (!ex.responded()) {
                ex.sendError(500);
            } else {
                abort(ex);
            }
        }
        if (!bodyDone && !closed && !paused) {
            // a body no handler reads is read and dropped, as nginx discards it
            ctx.read();
        }
    }

    private void data(Http2DataFrame frame) {
        ByteBuf content = frame.content();
        boolean last = frame.isEndStream();
        if (last) {
            clientSending = false;
        }
        if (bodyDone) {
            frame.release();
            return;
        }
        int n = content.readableBytes();
        received += n;
        long max = ex.location() == null ? 0 : ex.settings().get(ConnectionLimitsModule.CLIENT_MAX_BODY_SIZE);
        if (max > 0 && received > max) {
            frame.release();
            bodyTooLarge(n);
            return;
        }
        if (reader != null && n > 0) {
            Exchanges.countBodyBytes(ex, n);
            reader.content(content);
        } else {
            frame.release();
        }
        if (last) {
            bodyEnd();
            return;
        }
        if (reader != null) {
            timer.arm(Wait.BODY, ex.settings().get(ConnectionLimitsModule.CLIENT_BODY_TIMEOUT));
        }
        if (!paused) {
            ctx.read();
        }
    }

    private void bodyEnd() {
        if (bodyDone) {
            return;
        }
        bodyDone = true;
        Exchanges.bodyComplete(ex);
        timer.cancel();
        RequestBodyReader r = reader;
        reader = null;
        if (r != null) {
            r.end();
        }
        if (responseWritten) {
            streamDone();
        }
    }

    /** nginx's "client intended to send too large body": 413 if nothing was sent yet; the rest of the body is not read. */
    private void bodyTooLarge(int lastPart) {
        RequestLog.error(ex, "client intended to send too large body: " + (received - lastPart) + "+" + lastPart + " bytes");
        bodyDone = true;
        timer.cancel();
        RequestBodyReader r = reader;
        reader = null;
        if (r != null) {
            r.failed(413);
        }
        if (!ex.responded()) {
            ex.sendError(413);
        } else {
            abort(ex);
        }
    }

    // ---- ExchangeOwner ----

    @Override public ChannelFuture write(Object msg) {
        if (msg instanceof HttpResponse && ex.server() != null) {
            out.chunkSize(ex.settings().get(Http2Module.CHUNK_SIZE));
        }
        return out.write(msg);
    }

    /** A stream's frames are flushed as StreamOutput writes them; holding them is an HTTP/1 connection's saving. */
    @Override public void holdFlush(HttpExchange ex) { }

    @Override public void flushHeld(HttpExchange ex) { }

    @Override public void finish(HttpExchange ex) {
        if (ex != this.ex || closed || finishing) {
            return;
        }
        finishing = true;
        ChannelFuture written = out.finish();
        if (!written.isDone()) {
            sendProgress = out.sent();
            sendTimer.arm(Wait.SEND, ex.settings().get(ConnectionLimitsModule.SEND_TIMEOUT));
        }
        written.addListener(f -> responseWritten(f.isSuccess()));
    }

    private void responseWritten(boolean success) {
        sendTimer.cancel();
        if (closed) {
            return;
        }
        if (!success) {
            ctx.close();
            return;
        }
        responseWritten = true;
        streamDone();
    }

    /**
     * The request was answered: its log phase now. The stream channel closes when both sides have ended; if
     * the client is still sending, the stream is reset with NO_ERROR (RFC 9113 §8.1: the response is complete,
     * the rest of the body is not wanted).
     */
    private void streamDone() {
        Exchanges.logPhase(ex);
        if (clientSending) {
            reset(Http2Error.NO_ERROR);
        }
    }

    @Override public void connectionHeaders(HttpExchange ex, HttpResponse head) {
        // HTTP/2 has no Connection or Keep-Alive fields, and no 100 Continue is owed (the body is not waited for)
    }

    @Override public void readBody(HttpExchange ex, RequestBodyReader reader) {
        if (ex != this.ex || closed) {
            reader.failed(499);
            return;
        }
        long max = ex.settings().get(ConnectionLimitsModule.CLIENT_MAX_BODY_SIZE);
        if (max > 0 && received > max) {
            reader.failed(413);
            return;
        }
        if (bodyDone) {
            reader.end();
            return;
        }
        this.reader = reader;
        connection.bodyWanted((io.netty.handler.codec.http2.Http2StreamChannel) ctx.channel());
        timer.arm(Wait.BODY, ex.settings().get(ConnectionLimitsModule.CLIENT_BODY_TIMEOUT));
    }

    @Override public void pauseBody(HttpExchange ex, boolean paused) {
        if (ex != this.ex || closed || this.paused == paused) {
            return;
        }
        this.paused = paused;
        if (paused) {
            if (timer.kind() == Wait.BODY) {
                timer.cancel();
            }
        } else if (!bodyDone) {
            if (reader != null) {
                timer.arm(Wait.BODY, ex.settings().get(ConnectionLimitsModule.CLIENT_BODY_TIMEOUT));
            }
            ctx.read();
        }
    }

    @Override public void expectTested(HttpExchange ex) { }

    @Override public long bytesSent() { return out.sent(); }

    @Override public boolean writable() { return ctx.channel().isWritable(); }

    @Override public Future<?> closeFuture() { return ctx.channel().closeFuture(); }

    /** nginx terminates the request: the stream is reset; the log phase runs when the channel closes. */
    @Override public void abort(HttpExchange ex) {
        if (!closed) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
            ctx.close();
        }
    }

    // ---- timers and the end of the stream ----

    private void expired(Wait what) {
        if (closed || ex == null) {
            return;
        }
        switch (what) {
            case BODY -> {
                // client_body_timeout: nginx ends the request with 408, sends nothing, and resets the stream
                RequestBodyReader r = reader;
                reader = null;
                ex.presetStatus(408);
                if (r != null) {
                    r.failed(408);
                }
                reset(Http2Error.INTERNAL_ERROR);
            }
            case SEND -> {
                long progress = out.sent();
                if (progress != sendProgress) {
                    sendProgress = progress;
                    sendTimer.arm(Wait.SEND, ex.settings().get(ConnectionLimitsModule.SEND_TIMEOUT));
                    return;
                }
                RequestLog.log(LogLevel.INFO, ex, "client timed out (110: Connection timed out) while sending response to client");
                reset(Http2Error.PROTOCOL_ERROR);
            }
        }
    }

    private void reset(Http2Error error) {
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(error));
        ctx.close();
    }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof Http2ResetFrame reset) {
            // the client cancelled the stream: nginx's 499 unless a status was already decided
            ReferenceCountUtil.release(reset);
            if (ex != null && !ex.ended()) {
                ex.presetStatus(ex.status() == 0 ? 499 : ex.status());
            }
            ctx.close();
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!closed && ctx.channel().isWritable()) {
            out.pump();
            if (ex != null) {
                Exchanges.clientWritable(ex);
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        timer.stop();
        sendTimer.stop();
        out.release();
        RequestBodyReader r = reader;
        reader = null;
        if (r != null && !bodyDone) {
            r.failed(499);
        }
        if (ex != null) {
            if (!ex.ended()) {
                ex.presetStatus(ex.status() == 0 ? 499 : ex.status());
                Exchanges.logPhase(ex);
            }
            connection.streamEnded();
        }
        super.channelInactive(ctx);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ErrorLog.log(LogLevel.INFO, connection.info().id(), "HTTP/2 stream error: " + cause);
        ctx.close();
    }
}

package dev.pier.http;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * A subrequest (nginx's ngx_http_subrequest): it runs the server's rewrite phase, location matching and a
 * content handler like any request, on the client's event loop, for another URI with the request's headers,
 * and the body it answers is dropped. It owns nothing of the client's connection. A background one (a
 * mirror's copy) reads the body the main request preserved and nobody waits for it; a waited one (an
 * auth_request) gets no body, and its end, with the status and head it answered, is handed to its caller.
 */
public final class Subrequest implements ExchangeOwner {
    private final HttpExchange exchange;
    private final Future<?> never;
    /** The main request's preserved body, or null: this subrequest's own reference. */
    private ByteBuf body;
    /** Told when the subrequest ends (a waited one), else null. */
    private final java.util.function.Consumer<HttpExchange> whenDone;
    private long sent;
    private boolean done;

    private Subrequest(HttpExchange main, String uri, String args, boolean withBody, java.util.function.Consumer<HttpExchange> whenDone) {
        ByteBuf preserved = withBody ? main.preservedBody() : null;
        this.body = preserved == null ? null : preserved.retainedDuplicate();
        this.never = main.channelContext().executor().newPromise();
        this.whenDone = whenDone;
        this.exchange = new HttpExchange(main, this, uri, args);
    }

    /**
     * A background subrequest of {@code main} for {@code uri} with the main request's arguments, holding its
     * own reference to the preserved body; {@link #run} starts it. (nginx limits the nesting of subrequests,
     * not their number: a mirror's copies are one level deep and never make more.)
     */
    public static Subrequest background(HttpExchange main, String uri) {
        return new Subrequest(main, uri, main.args(), true, null);
    }

    /**
     * A subrequest {@code main} waits for (nginx's NGX_HTTP_SUBREQUEST_WAITED): no arguments, no body; when it ends,
     * {@code whenDone} gets its exchange (its {@code status()} and {@code sentHead()}) on the event loop.
     */
    public static Subrequest waited(HttpExchange main, String uri, java.util.function.Consumer<HttpExchange> whenDone) {
        return new Subrequest(main, uri, null, false, whenDone);
    }

    /** Runs the subrequest from the server's rewrite phase on; its response is dropped as it comes. */
    public void run() {
        try {
            RequestProcessor.INSTANCE.rewriteAndFindLocation(exchange);
        } catch (RuntimeException | LinkageError e) {
            ErrorLog.log(LogLevel.ALERT, exchange.connection().id(), "unhandled error in subrequest \"" + exchange.uri() + "\": " + e);
            end();
        }
    }

    @Override public ChannelFuture write(Object msg) {
        if (msg instanceof ByteBuf b) {
            sent += b.readableBytes();
        } else if (msg instanceof io.netty.buffer.ByteBufHolder h) {
            sent += h.content().readableBytes();
        } else if (msg instanceof io.netty.channel.FileRegion r) {
            sent += r.count();
        }
        ReferenceCountUtil.release(msg);
        return exchange.channelContext().channel().newSucceededFuture();
    }

    @Override public void holdFlush(HttpExchange ex) { }

    @Override public void flushHeld(HttpExchange ex) { }

    @Override public void finish(HttpExchange ex) { end(); }

    @Override public void connectionHeaders(HttpExchange ex, HttpResponse head) { }

    /** The preserved body if the main request kept one; else none (nginx reads no body for a subrequest). */
    @Override public void readBody(HttpExchange ex, RequestBodyReader reader) {
        ByteBuf b = body;
        body = null;
        if (b != null) {
            ex.countBodyBytes(b.readableBytes());
            reader.content(b);
        }
        reader.end();
    }

    @Override public void pauseBody(HttpExchange ex, boolean paused) { }

    @Override public void expectTested(HttpExchange ex) { }

    @Override public long bytesSent() { return sent; }

    @Override public boolean writable() { return true; }

    @Override public Future<?> closeFuture() { return never; }

    @Override public void abort(HttpExchange ex) { end(); }

    /** The subrequest's log phase: logged only with {@code log_subrequest on}, as nginx does; then its caller is told. */
    private void end() {
        if (done) {
            return;
        }
        done = true;
        if (body != null) {
            body.release();
            body = null;
        }
        if (!exchange.end()) {
            return;
        }
        if (whenDone != null) {
            whenDone.accept(exchange);
        }
        if (exchange.server() != null && exchange.settings().get(dev.pier.log.AccessLogModule.LOG_SUBREQUEST)) {
            try {
                dev.pier.log.AccessLogPhase.run(exchange);
            } catch (RuntimeException e) {
                ErrorLog.log(LogLevel.ALERT, exchange.connection().id(), "access log failed: " + e);
            }
        }
    }
}

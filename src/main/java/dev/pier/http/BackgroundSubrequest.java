package dev.pier.http;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * A subrequest whose response nobody waits for (nginx's NGX_HTTP_SUBREQUEST_BACKGROUND, as a mirror makes):
 * it runs the server's rewrite phase, location matching and a content handler like any request, on the
 * client's event loop, and everything it answers is dropped. It owns nothing of the client's connection, so
 * it can neither delay nor fail the request it copies; it reads the body the main request preserved.
 */
public final class BackgroundSubrequest implements ExchangeOwner {
    private final HttpExchange exchange;
    private final Future<?> never;
    /** The main request's preserved body, or null: this subrequest's own reference. */
    private ByteBuf body;
    private long sent;
    private boolean done;

    private BackgroundSubrequest(HttpExchange main, String uri) {
        ByteBuf preserved = main.preservedBody();
        this.body = preserved == null ? null : preserved.retainedDuplicate();
        this.never = main.channelContext().executor().newPromise();
        this.exchange = new HttpExchange(main, this, uri, main.args());
    }

    /**
     * A background subrequest of {@code main} for {@code uri} with the main request's arguments, holding its
     * own reference to the preserved body; {@link #run} starts it. (nginx limits the nesting of subrequests,
     * not their number: a mirror's copies are one level deep and never make more.)
     */
    public static BackgroundSubrequest prepare(HttpExchange main, String uri) {
        return new BackgroundSubrequest(main, uri);
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

    /** The subrequest's log phase: logged only with {@code log_subrequest on}, as nginx does. */
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
        if (exchange.server() != null && exchange.settings().get(dev.pier.log.AccessLogModule.LOG_SUBREQUEST)) {
            try {
                dev.pier.log.AccessLogPhase.run(exchange);
            } catch (RuntimeException e) {
                ErrorLog.log(LogLevel.ALERT, exchange.connection().id(), "access log failed: " + e);
            }
        }
    }
}

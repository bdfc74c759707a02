package dev.pier.proxy.tunnel;

import dev.pier.http.connection.SocketErrors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Relays raw bytes both ways between a client connection and an upstream connection after the upstream
 * answered {@code 101 Switching Protocols}, as nginx's {@code ngx_http_upstream_process_upgraded}:
 * <ul>
 * <li>backpressure: a side is read only while the other can take more (channels read on demand, reading
 *     resumes when the other side becomes writable again);</li>
 * <li>the end of either side's input ends the tunnel once what it sent has been written to the other side;
 *     then both are closed (nginx does not relay a half-close: it finalizes the request);</li>
 * <li>nginx's timers: while the upstream is read, {@code proxy_read_timeout}; while a write to the upstream
 *     waits, {@code proxy_send_timeout}; while a write to the client waits, {@code send_timeout}. Any traffic,
 *     either way, restarts them (nginx re-arms them at every event of the tunnel);</li>
 * <li>an error on either side closes both.</li>
 * </ul>
 * All of the tunnel's state lives on the client channel's event loop: events of an upstream channel on
 * another loop are handed over to it, so the tunnel is correct across loops and costs nothing when both
 * channels share one (the normal case). Both channels must have autoRead off and only raw-byte handlers.
 */
public final class Tunnel {
    private final EventLoop loop;
    private final Side client;
    private final Side upstream;
    private final Timeouts timeouts;
    private final Consumer<Tunnel> onClose;
    private final ChannelFutureListener written = this::written;
    private End end;
    private boolean closing;
    private boolean closed;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> timer;
    /** What the timer of {@link #runningTimeout()} means when it runs out. */
    private End timerEnd;

    /** How the tunnel ended; {@link #OPEN} while it runs. */
    public enum End {
        OPEN(null),
        /** The client closed (or half-closed) its side; what it sent before went to the upstream. */
        CLIENT_CLOSED(null),
        /** The upstream closed (or half-closed) its side; what it sent before went to the client. */
        UPSTREAM_CLOSED(null),
        /** Nothing came from the upstream, or nothing could be written to it, for its timeout. */
        UPSTREAM_TIMED_OUT("upstream timed out (110: Connection timed out)"),
        /** Nothing could be written to the client for send_timeout. */
        CLIENT_TIMED_OUT("client timed out (110: Connection timed out)"),
        /** A read or write on the client connection failed (a reset, a broken pipe). */
        CLIENT_FAILED(null),
        /** A read or write on the upstream connection failed. */
        UPSTREAM_FAILED(null),
        /** {@link Tunnel#close()} was called. */
        CLOSED_BY_SERVER(null);

        private final String text;

        End(String text) {
            this.text = text;
        }
    }

    /**
     * The tunnel's timeouts, in milliseconds (each at least 1).
     *
     * @param read {@code proxy_read_timeout}: waiting for the upstream to send
     * @param upstreamSend {@code proxy_send_timeout}: waiting for the upstream to take what is written to it
     * @param clientSend {@code send_timeout}: waiting for the client to take what is written to it
     */
    public record Timeouts(long read, long upstreamSend, long clientSend) {
        public Timeouts {
            read = Math.max(1, read);
            upstreamSend = Math.max(1, upstreamSend);
            clientSend = Math.max(1, clientSend);
        }
    }

    private Tunnel(Channel client, Channel upstream, Timeouts timeouts, Consumer<Tunnel> onClose) {
        this.loop = client.eventLoop();
        this.client = new Side(client, true);
        this.upstream = new Side(upstream, false);
        this.client.peer = this.upstream;
        this.upstream.peer = this.client;
        this.timeouts = timeouts;
        this.onClose = onClose;
    }

    /**
     * Joins {@code client} and {@code upstream}, which must have autoRead off and no HTTP handlers left. The
     * leftovers (bytes a decoder had read past a message head; null or empty when none) are owned by the
     * tunnel and written first: {@code leftoverFromClient} to the upstream, {@code leftoverFromUpstream} to
     * the client. {@code onClose} runs once, on the client's event loop, after both channels have closed;
     * {@link #end()}, {@link #bytesFromClient()} and {@link #bytesFromUpstream()} then say what happened.
     *
     * <p>Must be called on the client channel's event loop, in the same task that took the HTTP handlers out
     * of the pipelines: a transport may read by itself (epoll reads what came before a peer's FIN when it sees
     * the FIN), and bytes read while no handler is there would be lost. An upstream channel on another event
     * loop gets its handler through its own loop, so the caller must not let it read until then.
     */
    public static Tunnel join(Channel client, Channel upstream, ByteBuf leftoverFromClient, ByteBuf leftoverFromUpstream,
            Timeouts timeouts, Consumer<Tunnel> onClose) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(timeouts, "timeouts");
        if (!client.eventLoop().inEventLoop()) {
            release(leftoverFromClient);
            release(leftoverFromUpstream);
            throw new IllegalStateException("Tunnel.join must run on the client channel's event loop");
        }
        Tunnel t = new Tunnel(client, upstream, timeouts, onClose == null ? x -> { } : onClose);
        t.start(leftoverFromClient, leftoverFromUpstream);
        return t;
    }

    /** Bytes read from the client and relayed to the upstream (leftovers not counted). Read on the client's loop. */
    public long bytesFromClient() { return client.bytesRead; }

    /** Bytes read from the upstream and relayed to the client ({@code $upstream_bytes_received}'s share; leftovers not counted). */
    public long bytesFromUpstream() { return upstream.bytesRead; }

    /** How the tunnel ended, or {@link End#OPEN}. */
    public End end() { return end == null ? End.OPEN : end; }

    /** The channel of the client side. */
    public Channel clientChannel() { return client.channel; }

    /** The channel of the upstream side. */
    public Channel upstreamChannel() { return upstream.channel; }

    /**
     * What nginx writes to the error log for this end, such as {@code upstream timed out (110: Connection
     * timed out) while proxying upgraded connection}; null for an orderly close. nginx logs timeouts and the
     * client's socket errors at info (they are errors of the client's connection), the upstream's socket
     * errors at error.
     */
    public String errorLogText() {
        End e = end();
        String what = switch (e) {
            case CLIENT_FAILED, UPSTREAM_FAILED -> failure == null ? null : SocketErrors.describe(failedCall, failure);
            default -> e.text;
        };
        return what == null ? null : what + " while proxying upgraded connection";
    }

    private Throwable failure;
    private String failedCall;

    /** Ends the tunnel now (e.g. a graceful stop that timed out); both channels close. */
    public void close() {
        inLoop(() -> finish(End.CLOSED_BY_SERVER, null, null));
    }

    // ---- on the client's event loop from here on ----

    private void start(ByteBuf fromClient, ByteBuf fromUpstream) {
        // reading on demand is what bounds the memory: make sure of it whatever the caller set
        client.channel.config().setAutoRead(false);
        upstream.channel.config().setAutoRead(false);
        client.channel.pipeline().addLast("tunnel", client.handler);
        upstream.channel.pipeline().addLast("tunnel", upstream.handler);
        client.channel.closeFuture().addListener(f -> inLoop(() -> sideClosed(client)));
        upstream.channel.closeFuture().addListener(f -> inLoop(() -> sideClosed(upstream)));
        if (!client.channel.isActive() || !upstream.channel.isActive()) {
            release(fromClient);
            release(fromUpstream);
            finish(!client.channel.isActive() ? End.CLIENT_CLOSED : End.UPSTREAM_CLOSED, null, null);
            return;
        }
        relayLeftover(fromClient, upstream);
        relayLeftover(fromUpstream, client);
        armTimer(runningTimeout());
        readIfRoom(client);
        readIfRoom(upstream);
    }

    private void relayLeftover(ByteBuf bytes, Side to) {
        if (bytes == null) {
            return;
        }
        if (!bytes.isReadable()) {
            bytes.release();
            return;
        }
        to.channel.writeAndFlush(bytes).addListener(written);
    }

    /** Reads {@code from} when its peer can take more; otherwise the peer's writability change will. */
    private void readIfRoom(Side from) {
        if (!closing && !from.ended && from.peer.channel.isWritable()) {
            from.channel.read();
        }
    }

    private void bytesRead(Side from, Object msg) {
        if (closing || from.ended || !(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastActivity = System.nanoTime();
        from.bytesRead += buf.readableBytes();
        from.peer.channel.write(buf).addListener(written);
    }

    private void readComplete(Side from) {
        if (closing) {
            return;
        }
        from.peer.channel.flush();
        readIfRoom(from);
    }

    private void writabilityChanged(Side side) {
        if (closing) {
            return;
        }
        lastActivity = System.nanoTime();
        // which timer runs changes with writability (a send timer may be shorter than the read timer)
        timer.cancel(false);
        armTimer(runningTimeout());
        if (side.channel.isWritable()) {
            readIfRoom(side.peer);
        }
    }

    private void written(ChannelFuture f) {
        if (!loop.inEventLoop()) {
            inLoop(() -> written(f));   // an upstream on another loop: the tunnel's state stays on its own
            return;
        }
        if (f.isSuccess()) {
            lastActivity = System.nanoTime();
            return;
        }
        Side to = f.channel() == client.channel ? client : upstream;
        finish(to.isClient ? End.CLIENT_FAILED : End.UPSTREAM_FAILED, f.cause(), "send()");
    }

    /**
     * The side's input ended (EOF, or an input shutdown where half-closure is allowed): nginx finalizes once
     * what that side sent has been written, so both close after the peer's pending writes.
     */
    private void inputEnded(Side side) {
        if (closing || side.ended) {
            return;
        }
        side.ended = true;
        End why = side.isClient ? End.CLIENT_CLOSED : End.UPSTREAM_CLOSED;
        if (!side.peer.channel.isActive()) {
            finish(why, null, null);
            return;
        }
        end = why;
        side.peer.channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                .addListener(f -> inLoop(() -> finish(why, null, null)));
    }

    private void sideClosed(Side side) {
        side.closed = true;
        if (!closing) {
            // a close without a readable EOF (e.g. a reset seen on write): what is pending for the peer still goes
            inputEnded(side);
        }
        if (client.closed && upstream.closed && !closed) {
            closed = true;
            onClose.accept(this);
        }
    }

    private void failed(Side side, Throwable cause) {
        finish(side.isClient ? End.CLIENT_FAILED : End.UPSTREAM_FAILED, cause, "recv()");
    }

    /** Ends the tunnel: both channels close (pending writes are failed and released by Netty). */
    private void finish(End why, Throwable cause, String call) {
        if (closing) {
            return;
        }
        closing = true;
        if (end == null || cause != null || why == End.UPSTREAM_TIMED_OUT || why == End.CLIENT_TIMED_OUT
                || why == End.CLOSED_BY_SERVER) {
            end = why;
        }
        failure = cause;
        failedCall = call;
        if (timer != null) {
            timer.cancel(false);
        }
        client.channel.close();
        upstream.channel.close();
    }

    // ---- timers ----

    /**
     * The nginx timer that runs out first of those armed now (nginx re-arms all of them at every event): the
     * upstream read timer unless reading the upstream waits for the client, a send timer while its write waits.
     */
    private long runningTimeout() {
        long t;
        if (client.channel.isWritable()) {
            t = timeouts.read();
            timerEnd = End.UPSTREAM_TIMED_OUT;
        } else {
            t = timeouts.clientSend();
            timerEnd = End.CLIENT_TIMED_OUT;
        }
        if (!upstream.channel.isWritable() && timeouts.upstreamSend() < t) {
            t = timeouts.upstreamSend();
            timerEnd = End.UPSTREAM_TIMED_OUT;
        }
        return t;
    }

    private void armTimer(long millis) {
        timer = loop.schedule(this::timerFired, millis, TimeUnit.MILLISECONDS);
    }

    /** Traffic does not touch the timer; it only moves {@link #lastActivity}, and the timer re-arms itself from it. */
    private void timerFired() {
        if (closing) {
            return;
        }
        long timeout = runningTimeout();
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
        if (idle < timeout) {
            armTimer(timeout - idle);
            return;
        }
        finish(timerEnd, null, null);
    }

    private void inLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            try {
                loop.execute(r);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down: its channels are closing with it
            }
        }
    }

    private static void release(ByteBuf b) {
        if (b != null) {
            b.release();
        }
    }

    /** One connection of the tunnel, and the handler at the end of its pipeline. */
    private final class Side {
        final Channel channel;
        final boolean isClient;
        final Handler handler = new Handler(this);
        Side peer;
        long bytesRead;
        /** Its input ended: nothing more is read from it. */
        boolean ended;
        boolean closed;

        Side(Channel channel, boolean isClient) {
            this.channel = channel;
            this.isClient = isClient;
        }
    }

    /** Hands a channel's events to the tunnel's loop (directly when it is the channel's own). */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private final Side side;

        Handler(Side side) {
            this.side = side;
        }

        @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (loop.inEventLoop()) {
                bytesRead(side, msg);
                return;
            }
            try {
                loop.execute(() -> bytesRead(side, msg));
            } catch (RejectedExecutionException e) {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override public void channelReadComplete(ChannelHandlerContext ctx) { inLoop(() -> readComplete(side)); }

        @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) { inLoop(() -> writabilityChanged(side)); }

        @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                inLoop(() -> inputEnded(side));
            }
            ReferenceCountUtil.release(evt);
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { inLoop(() -> failed(side, cause)); }
    }
}

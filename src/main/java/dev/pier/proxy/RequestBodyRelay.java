package dev.pier.proxy;

import dev.pier.http.HttpExchange;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body on its way to the upstream, with backpressure: parts wait here (a bounded amount) until
 * the upstream connection is ready, go on while it is writable, and the client is paused otherwise. The first
 * {@link #REPLAY_LIMIT} bytes are kept so another peer can be sent the body again (proxy_next_upstream); a
 * longer body that already went out cannot be resent. A chunked body for an HTTP/1.0 upstream is collected
 * first (up to {@link #COLLECT_LIMIT}) so it can be sent with a Content-Length, as nginx buffers it.
 */
final class RequestBodyRelay {
    /** nginx's default client_body_buffer_size on 64-bit systems: what nginx keeps in memory of a body. */
    static final int REPLAY_LIMIT = 16 * 1024;
    /** Body bytes held while the upstream cannot take them, before the client is paused. */
    static final int PENDING_LIMIT = 64 * 1024;
    /** The largest chunked body collected to be sent with a length. */
    static final long COLLECT_LIMIT = 1 << 20;

    /** What the relay tells its request. */
    interface Owner {
        /** The whole request went out on the current connection (the write of its end). */
        void requestSent(ChannelFuture written);

        /** A collected body is complete, or too long to collect: the attempt can start. */
        void collected(boolean overflow);

        /** The upstream stopped taking the body (true) or takes it again (false): proxy_send_timeout runs meanwhile. */
        void upstreamBlocked(boolean blocked);
    }

    private final HttpExchange ex;
    private final Owner owner;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private final List<ByteBuf> replay = new ArrayList<>();
    private long pendingBytes;
    private long replayBytes;
    private long sentBytes;
    private boolean replayable = true;
    private boolean ended;
    private boolean collecting;
    private boolean paused;
    private Channel target;
    private boolean lastWritten;
    private boolean released;
    /** The client's trailer fields that may go on, sent with the end of a chunked body; null: none. */
    private io.netty.handler.codec.http.HttpHeaders trailers;

    RequestBodyRelay(HttpExchange ex, Owner owner, boolean collect) {
        this.ex = ex;
        this.owner = owner;
        this.collecting = collect;
    }

    boolean collecting() { return collecting; }

    /** Bytes collected so far (the Content-Length of a collected body). */
    long pendingBytes() { return pendingBytes; }

    boolean ended() { return ended; }

    /** False once body bytes went to an upstream and were not all kept: another peer cannot get the body. */
    boolean canResend() { return sentBytes == 0 || replayable; }

    void add(ByteBuf part) {
        if (released) {
            part.release();
            return;
        }
        pending.add(part);
        pendingBytes += part.readableBytes();
        if (collecting && pendingBytes > COLLECT_LIMIT) {
            collecting = false;
            owner.collected(true);
            return;
        }
        pump();
    }

    /** Trailer fields to send with the body's end (only a chunked body carries them). */
    void trailers(io.netty.handler.codec.http.HttpHeaders t) { trailers = t; }

    void end() {
        ended = true;
        if (collecting) {
            collecting = false;
            owner.collected(false);
            return;
        }
        pump();
    }

    /** Starts sending on {@code ch} (a new attempt): what was kept for resending first, then what waits. */
    void attach(Channel ch) {
        target = ch;
        lastWritten = false;
        for (ByteBuf b : replay) {
            ch.write(new DefaultHttpContent(b.retainedDuplicate()));
        }
        pump();
    }

    /** The attempt ended: nothing more goes to that connection. */
    void detach() { target = null; }

    /** Moves what waits to the upstream while it takes it; pauses the client when it does not. */
    void pump() {
        if (released) {
            return;
        }
        Channel ch = target;
        if (ch == null || collecting) {
            pause(!collecting && pendingBytes > PENDING_LIMIT);
            return;
        }
        boolean wrote = false;
        while (ch.isWritable() && !pending.isEmpty()) {
            ByteBuf b = pending.poll();
            pendingBytes -= b.readableBytes();
            keep(b);
            ch.write(new DefaultHttpContent(b));
            wrote = true;
        }
        if (ended && pending.isEmpty() && !lastWritten) {
            lastWritten = true;
            owner.requestSent(ch.writeAndFlush(trailers == null ? LastHttpContent.EMPTY_LAST_CONTENT
                    : new io.netty.handler.codec.http.DefaultLastHttpContent(io.netty.buffer.Unpooled.EMPTY_BUFFER, trailers)));
        } else if (wrote) {
            ch.flush();
        }
        pause(!pending.isEmpty() || !ch.isWritable());
        owner.upstreamBlocked(!ch.isWritable());
    }

    private void keep(ByteBuf b) {
        int n = b.readableBytes();
        sentBytes += n;
        if (replayable && replayBytes + n <= REPLAY_LIMIT) {
            replay.add(b.retainedDuplicate());
            replayBytes += n;
        } else if (replayable) {
            replayable = false;
            replay.forEach(ByteBuf::release);
            replay.clear();
        }
    }

    private void pause(boolean value) {
        if (paused != value && !ended) {
            paused = value;
            ex.pauseBody(value);
        }
    }

    /** Drops everything held; later parts are released as they come. */
    void release() {
        released = true;
        target = null;
        pending.forEach(ByteBuf::release);
        pending.clear();
        replay.forEach(ByteBuf::release);
        replay.clear();
        if (paused) {
            paused = false;
            ex.pauseBody(false);
        }
    }
}

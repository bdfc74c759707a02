package dev.pier.http;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the current request on its way in: parts held while the bytes that came with the head are
 * being looked at, the reader a handler attached (if any), the bytes counted against client_max_body_size.
 * Without a reader every part is dropped, as nginx discards a body no handler reads.
 */
final class RequestBodyIntake {
    private final List<ByteBuf> held = new ArrayList<>(2);
    private RequestBodyReader reader;
    private long received;
    private long lastPart;
    private boolean paused;
    /** The trailer fields the chunked body ended with, or null. */
    private io.netty.handler.codec.http.HttpHeaders trailers;

    void reset() {
        releaseHeld();
        trailers = null;
        reader = null;
        received = 0;
        lastPart = 0;
        paused = false;
    }

    RequestBodyReader reader() { return reader; }

    boolean paused() { return paused; }

    void paused(boolean value) { paused = value; }

    /** Attaches {@code r} and hands it what was held; false if that already passed {@code max}. */
    boolean attach(RequestBodyReader r, long max) {
        reader = r;
        for (ByteBuf b : held) {
            lastPart = b.readableBytes();
            received += lastPart;
        }
        if (tooLarge(max)) {
            releaseHeld();
            return false;
        }
        List<ByteBuf> parts = new ArrayList<>(held);
        held.clear();
        for (ByteBuf b : parts) {
            r.content(b);
        }
        return true;
    }

    /** Takes one part (ownership included): to the reader, held for a reader to come, or dropped. */
    boolean accept(ByteBuf data, boolean holding, long max) {
        if (reader != null) {
            lastPart = data.readableBytes();
            received += lastPart;
            if (tooLarge(max)) {
                data.release();
                return false;
            }
            if (data.isReadable()) {
                reader.content(data);
            } else {
                data.release();
            }
        } else if (holding && data.isReadable()) {
            held.add(data);
        } else {
            data.release();
        }
        return true;
    }

    long received() { return received; }

    /** The size of the part that was counted last (nginx logs a too large body as "before+part"). */
    long lastPart() { return lastPart; }

    /** Keeps the trailer fields of the body's last part for the reader. */
    void trailers(io.netty.handler.codec.http.HttpHeaders t) {
        trailers = t == null || t.isEmpty() ? null : t;
    }

    /** The body is complete: the reader is detached and told the trailers, if any, then the end. */
    void endReader() {
        RequestBodyReader r = detach();
        if (trailers != null) {
            r.trailers(trailers);
        }
        r.end();
    }

    /** Detaches the reader (its body ended or failed) and returns it. */
    RequestBodyReader detach() {
        RequestBodyReader r = reader;
        reader = null;
        return r;
    }

    void releaseHeld() {
        for (ByteBuf b : held) {
            b.release();
        }
        held.clear();
    }

    private boolean tooLarge(long max) { return max > 0 && received > max; }
}

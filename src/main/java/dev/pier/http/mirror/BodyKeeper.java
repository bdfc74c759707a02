package dev.pier.http.mirror;

import dev.pier.http.HttpExchange;
import dev.pier.http.RequestBodyReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;

/**
 * Reads the whole request body and keeps it on the exchange ({@link HttpExchange#preserveBody}), as nginx
 * reads it before mirroring (r->preserve_body). The body is held in memory, bounded by
 * {@code client_max_body_size}; nginx writes what exceeds {@code client_body_buffer_size} to a temporary file.
 */
final class BodyKeeper implements RequestBodyReader {
    private final HttpExchange ex;
    private final Runnable then;
    private CompositeByteBuf parts;

    BodyKeeper(HttpExchange ex, Runnable then) {
        this.ex = ex;
        this.then = then;
    }

    @Override public void content(ByteBuf part) {
        if (parts == null) {
            parts = ex.channelContext().alloc().compositeBuffer(Integer.MAX_VALUE);
        }
        parts.addComponent(true, part);
    }

    @Override public void end() {
        ByteBuf body = parts;
        parts = null;
        if (body != null) {
            ex.preserveBody(body);
        }
        then.run();
    }

    /** The connection answered (413) or closed: what was read goes. */
    @Override public void failed(int status) {
        if (parts != null) {
            parts.release();
            parts = null;
        }
    }
}

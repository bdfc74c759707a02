package dev.pier.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * A byte[] view of part of a ByteBuf, for parsing request heads with plain array reads: the backing array
 * of a heap buffer, or a bulk copy of the bytes for a direct one (per-byte reads of a direct buffer go
 * through bounds and liveness checks, notably where Netty runs without Unsafe, as on JDK 25).
 *
 * <p>Valid for one {@code decode} call: the decoder opens it on the cumulation and closes it before
 * returning, since the cumulation may be replaced or compacted between calls. The copy goes to a
 * per-thread array, so an idle connection holds none.
 */
final class ByteWindow {

    /** Copy at least this much ahead, so a head arriving in one read is copied once. */
    private static final int MIN_COPY = 2048;

    private static final FastThreadLocal<byte[][]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[][] initialValue() {
            return new byte[][] {new byte[4096]};
        }
    };

    private ByteBuf buf;
    private byte[] array;
    /** array index = buffer index - base. */
    private int base;
    /** Buffer indices [start, end) are in {@link #array}. */
    private int start;
    private int end;
    private boolean heap;

    void open(ByteBuf in) {
        buf = in;
        heap = in.hasArray();
        if (heap) {
            array = in.array();
            base = -in.arrayOffset();
            start = 0;
            end = in.capacity();
        } else {
            array = null;
            start = in.readerIndex();
            end = start;
            base = start;
        }
    }

    void close() {
        buf = null;
        array = null;
    }

    byte[] array() {
        return array;
    }

    /** Makes buffer indices [from, to) readable in {@link #array()} and returns the array index of {@code from}. */
    int map(int from, int to) {
        if (from < start || to > end) {
            fill(from, to);
        }
        return from - base;
    }

    private void fill(int from, int to) {
        // only direct buffers get here: a heap window covers the whole buffer
        final int copyEnd = Math.min(buf.writerIndex(), Math.max(to, from + MIN_COPY));
        final int len = copyEnd - from;
        final byte[][] holder = SCRATCH.get();
        byte[] scratch = holder[0];
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
            holder[0] = scratch;
        }
        buf.getBytes(from, scratch, 0, len);
        array = scratch;
        base = from;
        start = from;
        end = copyEnd;
    }
}

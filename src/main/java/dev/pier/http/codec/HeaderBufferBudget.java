package dev.pier.http.codec;

/**
 * Replays nginx's header buffer allocation ({@code ngx_http_alloc_large_header_buffer}) over the bytes of
 * one request head, to refuse exactly the heads nginx refuses.
 *
 * <p>nginx reads a head into a {@code client_header_buffer_size} buffer. When that buffer is full and the
 * head is not complete, it takes one of the {@code large_client_header_buffers} and moves the unfinished
 * line there (or starts afresh in it when the buffer ended between two lines). It gives up when the
 * unfinished line already fills a whole large buffer ("too long URI" / "too long header line") or when all
 * large buffers are in use. nginx always fills a buffer to its end before it parses further, so where the
 * buffers end depends only on the bytes, not on how they arrived: this model tracks the offsets and gives
 * the same answer without copying anything.
 *
 * <p>Approximation: every request is modelled as starting at offset 0 of a fresh
 * {@code client_header_buffer_size} buffer. That is exact for the first request on a connection and for
 * a request sent after the previous response; a pipelined request that nginx finds already read into a
 * partly used buffer may get one large buffer more or less than nginx would give it.
 */
final class HeaderBufferBudget {

    private final int firstSize;
    private final int largeCount;
    private final int largeSize;

    /** Bytes of the head seen so far (leading empty lines included). */
    private long pos;
    /** Where the buffer the next byte would go into ends. */
    private long bufferEnd;
    /** Where the line being read started. */
    private long lineStart;
    private int largeUsed;

    HeaderBufferBudget(Http1Limits limits) {
        this.firstSize = limits.clientHeaderBufferSize();
        this.largeCount = limits.largeHeaderBufferCount();
        this.largeSize = limits.largeHeaderBufferSize();
        reset();
    }

    void reset() {
        pos = 0;
        bufferEnd = firstSize;
        lineStart = 0;
        largeUsed = 0;
    }

    /** How many bytes fit before the current buffer is full. */
    int room() {
        return (int) Math.min(Integer.MAX_VALUE, bufferEnd - pos);
    }

    void advance(int n) {
        pos += n;
    }

    /** The next byte is the first of a line (of the method, for the request line). */
    void startLine() {
        lineStart = pos;
    }

    /**
     * The buffer is full and more bytes are needed.
     *
     * @param requestLine whether the request line is being read
     * @param midLine whether a line has been started and not finished (nginx's {@code r->state != 0})
     * @return false where nginx declines: the caller answers 414 or 494
     */
    boolean grow(boolean requestLine, boolean midLine) {
        if (requestLine && !midLine) {
            // only empty lines so far: nginx reuses the buffer from its start
            bufferEnd = pos + firstSize;
            return true;
        }
        if (midLine && pos - lineStart >= largeSize) {
            return false;
        }
        if (largeUsed == largeCount) {
            return false;
        }
        largeUsed++;
        bufferEnd = (midLine ? lineStart : pos) + largeSize;
        return true;
    }
}

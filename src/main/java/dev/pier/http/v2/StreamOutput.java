package dev.pier.http.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A response written by the HTTP/1.x-shaped exchange, sent as HTTP/2 frames on its stream channel: the head as
 * a HEADERS frame (lower-case names, without the connection-specific headers RFC 9113 §8.2.2 forbids), the
 * body as DATA frames of at most http2_chunk_size, END_STREAM on the last frame (on the HEADERS frame when
 * there is no body). HTTP/2 cannot send a FileRegion: a file's bytes are read a block at a time, only while
 * the stream channel is writable — its pending bytes stay under the watermark, which a stream whose window
 * the client keeps shut reaches — so a large file never sits in memory whole.
 */
final class StreamOutput {
    /** Bytes read from a file at a time (then sliced into chunks). */
    private static final int FILE_BLOCK = 32 * 1024;
    /** RFC 9113 §8.2.2: connection-specific fields are not sent in HTTP/2. */
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "proxy-connection");
    private static final Object END = new Object();

    private record Pending(Object msg, ChannelPromise promise) { }

    private final ChannelHandlerContext ctx;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int chunkSize;
    private Http2Headers head;
    private ChannelPromise headPromise;
    private boolean headFlushScheduled;
    private boolean ended;
    private ChannelFuture endFuture;
    /** Head bytes as the exchange counts them, plus DATA payload the stream accepted: $bytes_sent. */
    private long sent;
    private boolean released;

    StreamOutput(ChannelHandlerContext ctx, int chunkSize) {
        this.ctx = ctx;
        this.chunkSize = Math.max(1, chunkSize);
    }

    /** The location's http2_chunk_size, known once the request found its location. */
    void chunkSize(long size) {
        chunkSize = (int) Math.max(1, Math.min(size, 1 << 24));
    }

    long sent() { return sent; }

    /** Takes {@code msg} over and sends it in order; the future completes when its frames are written. */
    ChannelFuture write(Object msg) {
        ChannelPromise promise = ctx.newPromise();
        if (released || ended) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new java.nio.channels.ClosedChannelException());
            return promise;
        }
        queue.add(new Pending(msg, promise));
        pump();
        return promise;
    }

    /** The response is complete: END_STREAM if no frame carried it yet; completes when the last frame is written. */
    ChannelFuture finish() {
        ChannelPromise promise = ctx.newPromise();
        if (released) {
            promise.setFailure(new java.nio.channels.ClosedChannelException());
            return promise;
        }
        queue.add(new Pending(END, promise));
        pump();
        return promise;
    }

    /** Sends what can be sent now; called again when the stream channel becomes writable. */
    void pump() {
        Pending p;
        while (!released && (p = queue.peek()) != null) {
            Object m = p.msg();
            if (m instanceof FileRegion region) {
                if (!ctx.channel().isWritable()) {
                    break;
                }
                if (!fileBlock(region, p.promise())) {
                    return;
                }
                continue;
            }
            queue.poll();
            if (m == END) {
                if (ended) {
                    ChannelPromise promise = p.promise();
                    endFuture.addListener(f -> complete(promise, f));
                } else {
                    data(Unpooled.EMPTY_BUFFER, true, p.promise());
                }
            } else if (ended) {
                ReferenceCountUtil.release(m);
                p.promise().trySuccess();
            } else if (m instanceof HttpResponse response) {
                sent += headSize(response);
                head = headers(response);
                headPromise = p.promise();
                if (m instanceof HttpContent c) {
                    data(c.content(), m instanceof LastHttpContent, ctx.newPromise());
                }
            } else if (m instanceof HttpContent c) {
                data(c.content(), m instanceof LastHttpContent, p.promise());
            } else if (m instanceof ByteBuf b) {
                data(b, false, p.promise());
            } else {
                ReferenceCountUtil.release(m);
                p.promise().trySuccess();
            }
        }
        if (head != null && !headFlushScheduled) {
            // a head alone (a proxy waiting for the body): sent at the end of this task unless data joins it first
            headFlushScheduled = true;
            ctx.executor().execute(() -> {
                headFlushScheduled = false;
                if (head != null && !released) {
                    sendHead(false, ctx.newPromise());
                    ctx.flush();
                }
            });
        }
        ctx.flush();
    }

    /** One block of a file region as DATA frames; false when the stream failed (the region is released). */
    private boolean fileBlock(FileRegion region, ChannelPromise promise) {
        int size = (int) Math.min(FILE_BLOCK, Math.max(1, region.count() - region.transferred()));
        ByteBuf block = ctx.alloc().buffer(size, size);
        try {
            if (region.transferred() < region.count()) {
                region.transferTo(new BufferSink(block), region.transferred());
            }
        } catch (IOException | RuntimeException e) {
            block.release();
            queue.poll();
            region.release();
            promise.tryFailure(e);
            ctx.close();
            return false;
        }
        boolean done = region.transferred() >= region.count();
        if (done) {
            queue.poll();
            region.release();
        }
        if (block.isReadable()) {
            data(block, false, done ? promise : ctx.newPromise());
        } else {
            block.release();
            if (done) {
                promise.trySuccess();
            }
        }
        return true;
    }

    /** Writes {@code data} (taken over) as DATA frames of at most chunkSize, END_STREAM on the last with {@code last}. */
    private void data(ByteBuf data, boolean last, ChannelPromise promise) {
        if (!data.isReadable()) {
            data.release();
            if (!last) {
                if (head != null) {
                    sendHead(false, ctx.newPromise());
                }
                promise.trySuccess();
                return;
            }
            ended = true;
            if (head != null) {
                endFuture = sendHead(true, promise);
            } else {
                endFuture = ctx.write(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true), promise);
            }
            return;
        }
        if (head != null) {
            sendHead(false, ctx.newPromise());
        }
        while (data.isReadable()) {
            int n = Math.min(chunkSize, data.readableBytes());
            boolean lastSlice = n == data.readableBytes();
            boolean end = last && lastSlice;
            ChannelFuture f = ctx.write(new DefaultHttp2DataFrame(data.readRetainedSlice(n), end),
                    lastSlice ? promise : ctx.newPromise());
            f.addListener(done -> {
                if (done.isSuccess()) {
                    sent += n;
                }
            });
            if (end) {
                ended = true;
                endFuture = f;
            }
        }
        data.release();
    }

    private ChannelFuture sendHead(boolean endStream, ChannelPromise promise) {
        Http2Headers h = head;
        ChannelPromise p = headPromise;
        head = null;
        headPromise = null;
        ChannelFuture f = ctx.write(new DefaultHttp2HeadersFrame(h, endStream), promise);
        if (p != null) {
            f.addListener(done -> complete(p, done));
        }
        return f;
    }

    private static void complete(ChannelPromise p, io.netty.util.concurrent.Future<?> f) {
        if (f.isSuccess()) {
            p.trySuccess();
        } else {
            p.tryFailure(f.cause());
        }
    }

    /** The HEADERS of {@code response}: :status and the fields an HTTP/2 response may carry, names in lower case. */
    static Http2Headers headers(HttpResponse response) {
        Http2Headers out = new DefaultHttp2Headers(false);
        out.status(response.status().codeAsText());
        for (var it = response.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            String name = e.getKey().toString().toLowerCase(Locale.ROOT);
            if (!CONNECTION_SPECIFIC.contains(name)) {
                out.add(AsciiString.of(name), e.getValue());
            }
        }
        return out;
    }

    /** The head as the exchange counts it ({@code HttpExchange.encodedSize}), so $body_bytes_sent is the DATA payload. */
    private static long headSize(HttpResponse head) {
        long n = head.protocolVersion().text().length() + 1 + head.status().codeAsText().length() + 1
                + head.status().reasonPhrase().length() + 2 + 2;
        for (var it = head.headers().iteratorCharSequence(); it.hasNext(); ) {
            var e = it.next();
            n += e.getKey().length() + 2 + e.getValue().length() + 2;
        }
        return n;
    }

    /** The stream is gone: what waits is released and its writers told. */
    void release() {
        released = true;
        head = null;
        if (headPromise != null) {
            headPromise.tryFailure(new java.nio.channels.ClosedChannelException());
            headPromise = null;
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p.msg() != END) {
                ReferenceCountUtil.release(p.msg());
            }
            p.promise().tryFailure(new java.nio.channels.ClosedChannelException());
        }
    }

    /** What {@link FileRegion#transferTo} writes a block into: takes what fits, then reports it is full. */
    private static final class BufferSink implements WritableByteChannel {
        private final ByteBuf target;

        BufferSink(ByteBuf target) {
            this.target = target;
        }

        @Override public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), target.maxWritableBytes());
            if (n <= 0) {
                return 0;
            }
            int limit = src.limit();
            src.limit(src.position() + n);
            target.writeBytes(src);
            src.limit(limit);
            return n;
        }

        @Override public boolean isOpen() { return true; }

        @Override public void close() { }
    }
}

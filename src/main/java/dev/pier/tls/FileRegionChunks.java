package dev.pier.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * On a TLS connection: a file region (the static file handler's sendfile) becomes a {@link ChunkedInput} that
 * the {@code ChunkedWriteHandler} below it reads 16 KB at a time, as the channel can take them, for the TLS
 * handler to encrypt. nginx, too, reads files into buffers under SSL. The input owns the region and releases
 * it when done or dropped.
 */
final class FileRegionChunks extends MessageToMessageEncoder<FileRegion> {
    private static final int CHUNK = 16 * 1024;

    @Override protected void encode(ChannelHandlerContext ctx, FileRegion region, List<Object> out) {
        out.add(new Input(region.retain()));
    }

    /** The region read through {@link FileRegion#transferTo} into buffers. */
    private static final class Input implements ChunkedInput<ByteBuf> {
        private final FileRegion region;
        private long offset;
        private boolean closed;

        Input(FileRegion region) {
            this.region = region;
        }

        @Override public boolean isEndOfInput() { return offset >= region.count(); }

        @Override public void close() {
            if (!closed) {
                closed = true;
                region.release();
            }
        }

        @Deprecated
        @Override public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
            return readChunk(ctx.alloc());
        }

        @Override public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
            if (isEndOfInput()) {
                return null;
            }
            int size = (int) Math.min(CHUNK, region.count() - offset);
            ByteBuf buf = allocator.buffer(size);
            boolean done = false;
            try {
                Sink sink = new Sink(buf, size);
                while (buf.writerIndex() < size) {
                    long n = region.transferTo(sink, offset + buf.writerIndex());
                    if (n <= 0) {
                        throw new IOException("file region ended early at " + (offset + buf.writerIndex()) + " of " + region.count());
                    }
                }
                offset += size;
                done = true;
                return buf;
            } finally {
                if (!done) {
                    buf.release();
                }
            }
        }

        @Override public long length() { return region.count(); }

        @Override public long progress() { return offset; }
    }

    /** A channel that takes at most {@code limit} bytes into a buffer (so transferTo stops at a chunk's end). */
    private static final class Sink implements WritableByteChannel {
        private final ByteBuf buf;
        private final int limit;

        Sink(ByteBuf buf, int limit) {
            this.buf = buf;
            this.limit = limit;
        }

        @Override public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), limit - buf.writerIndex());
            ByteBuffer slice = src.slice();
            slice.limit(n);
            buf.writeBytes(slice);
            src.position(src.position() + n);
            return n;
        }

        @Override public boolean isOpen() { return true; }

        @Override public void close() { }
    }
}

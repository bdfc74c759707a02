package dev.pier.http.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw HTTP/2 client for abuse tests: frames are encoded by Netty's {@link DefaultHttp2FrameWriter} (or byte
 * by byte where a test needs malformed or unusual frames) and sent on a plain socket; what the server sends
 * back is read as frames without any client logic (no ACKs, no window updates unless the test sends them).
 */
final class RawH2 implements AutoCloseable {
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8, CONTINUATION = 9;

    /** A frame as received. */
    record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
        /** The :status of a HEADERS frame (decoded in order, as a client's HPACK decoder would). */
        String status() { return headers == null ? null : String.valueOf(headers.status()); }

        /** The error code of a GOAWAY (after the last stream id) or RST_STREAM. */
        long errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return ((payload[at] & 0xffL) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8) | (payload[at + 3] & 0xff);
        }

        int lastStreamId() {
            return ((payload[0] & 0x7f) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    private final io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder decoder = new io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder(false);
    private long bytesSent;

    RawH2(int port, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(5000);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawH2(int port) { this(port, 0); }

    private ChannelHandlerContext ctx() { return encoder.pipeline().firstContext(); }

    /** The client preface and a SETTINGS frame. */
    RawH2 preface(Http2Settings settings) {
        send(Http2CodecUtil.connectionPrefaceBuf());
        writer.writeSettings(ctx(), settings, encoder.newPromise());
        return flushEncoded();
    }

    RawH2 preface() { return preface(new Http2Settings()); }

    static Http2Headers get(String path) {
        return new DefaultHttp2Headers().method("GET").path(path).scheme("http").authority("localhost");
    }

    RawH2 headers(int stream, Http2Headers headers, boolean endStream) {
        writer.writeHeaders(ctx(), stream, headers, 0, endStream, encoder.newPromise());
        return flushEncoded();
    }

    RawH2 rst(int stream, long error) {
        writer.writeRstStream(ctx(), stream, error, encoder.newPromise());
        return flushEncoded();
    }

    RawH2 ping(long data) {
        writer.writePing(ctx(), false, data, encoder.newPromise());
        return flushEncoded();
    }

    RawH2 settings(Http2Settings settings) {
        writer.writeSettings(ctx(), settings, encoder.newPromise());
        return flushEncoded();
    }

    RawH2 data(int stream, byte[] bytes, boolean endStream) {
        writer.writeData(ctx(), stream, Unpooled.wrappedBuffer(bytes), 0, endStream, encoder.newPromise());
        return flushEncoded();
    }

    RawH2 windowUpdate(int stream, int increment) {
        writer.writeWindowUpdate(ctx(), stream, increment, encoder.newPromise());
        return flushEncoded();
    }

    /** A frame written byte by byte: {@code type}, {@code flags}, {@code stream} and the payload as given. */
    RawH2 frame(int type, int flags, int stream, byte[] payload) {
        ByteBuf b = Unpooled.buffer(9 + payload.length);
        b.writeMedium(payload.length).writeByte(type).writeByte(flags).writeInt(stream).writeBytes(payload);
        return send(b);
    }

    /** {@code frame} (as {@link #frame} writes one) {@code times} over, in one write. */
    RawH2 repeat(int type, int flags, int stream, byte[] payload, int times) {
        ByteBuf b = Unpooled.buffer((9 + payload.length) * times);
        for (int i = 0; i < times; i++) {
            b.writeMedium(payload.length).writeByte(type).writeByte(flags).writeInt(stream).writeBytes(payload);
        }
        return send(b);
    }

    private RawH2 flushEncoded() {
        encoder.flushOutbound();
        ByteBuf b;
        while ((b = encoder.readOutbound()) != null) {
            send(b);
        }
        return this;
    }

    private RawH2 send(ByteBuf b) {
        try {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            out.write(bytes);
            bytesSent += bytes.length;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            b.release();
        }
    }

    /** Like the frame writers, but tells whether the server still took the bytes (false once it closed). */
    boolean trySend(Runnable write) {
        try {
            write.run();
            out.flush();
            return true;
        } catch (UncheckedIOException | IllegalStateException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    long bytesSent() { return bytesSent; }

    /** The next frame, or null at the end of the stream or after {@code timeoutMillis} of silence. */
    Frame next(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            int len = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[len];
            in.readFully(payload);
            Http2Headers headers = null;
            if (type == HEADERS && (flags & 0x4) != 0 && (flags & 0x8) == 0 && (flags & 0x20) == 0) {
                ByteBuf block = Unpooled.wrappedBuffer(payload);
                try {
                    headers = decoder.decodeHeaders(stream, block);
                } catch (io.netty.handler.codec.http2.Http2Exception e) {
                    headers = null;
                } finally {
                    block.release();
                }
            }
            return new Frame(type, flags, stream, payload, headers);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Frames until the server closes or is silent for {@code quietMillis}. */
    List<Frame> readUntilQuiet(int quietMillis) {
        List<Frame> frames = new ArrayList<>();
        Frame f;
        while ((f = next(quietMillis)) != null) {
            frames.add(f);
        }
        return frames;
    }

    /** The first frame of {@code type} within {@code timeoutMillis}, or null (other frames are skipped). */
    Frame await(int type, int timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            Frame f = next((int) Math.max(1, end - System.currentTimeMillis()));
            if (f == null) {
                return null;
            }
            if (f.type() == type) {
                return f;
            }
        }
        return null;
    }

    /** True once the server closed the connection (reads end), within {@code timeoutMillis}. */
    boolean closedWithin(int timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        try {
            socket.setSoTimeout(200);
            byte[] buf = new byte[65536];
            while (System.currentTimeMillis() < end) {
                try {
                    if (in.read(buf) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open
                }
            }
            return false;
        } catch (IOException e) {
            return true;   // reset
        }
    }

    /** An HPACK integer with an {@code prefixBits}-bit prefix and {@code first} as the pattern of the first byte. */
    static byte[] hpackInt(int first, int prefixBits, int value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            b.write(first | value);
        } else {
            b.write(first | max);
            value -= max;
            while (value >= 128) {
                b.write((value & 0x7f) | 0x80);
                value >>>= 7;
            }
            b.write(value);
        }
        return b.toByteArray();
    }

    @Override public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        encoder.finishAndReleaseAll();
    }

}

package dev.pier.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * De-chunks a request body the way nginx 1.22's {@code ngx_http_parse_chunked} reads it: hex sizes of at
 * most 2^59-1 (nginx refuses a size once it exceeds {@code NGX_MAX_OFF_T_VALUE / 16}), extensions after
 * ';', space or tab skipped unread, and LF accepted wherever CRLF is expected (a CR must be followed by LF).
 * Chunk data is emitted as it arrives, as retained slices of the input.
 *
 * <p>nginx reads trailer lines and throws them away; this decoder also keeps the well-formed ones
 * ("name: value") in the {@code LastHttpContent}, up to a bounded number of bytes, so a long trailer
 * section costs no memory.
 */
final class ChunkedBodyDecoder implements ByteProcessor {

    static final int NEED_MORE = 0;
    static final int COMPLETE = 1;
    static final int INVALID = 2;

    private static final int CHUNK_START = 0;
    private static final int CHUNK_SIZE = 1;
    private static final int CHUNK_EXTENSION = 2;
    private static final int CHUNK_EXTENSION_ALMOST_DONE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int AFTER_DATA = 5;
    private static final int AFTER_DATA_ALMOST_DONE = 6;
    private static final int LAST_CHUNK_EXTENSION = 7;
    private static final int LAST_CHUNK_EXTENSION_ALMOST_DONE = 8;
    private static final int TRAILER = 9;
    private static final int TRAILER_ALMOST_DONE = 10;
    private static final int TRAILER_HEADER = 11;
    private static final int TRAILER_HEADER_ALMOST_DONE = 12;

    private static final int CR = '\r';
    private static final int LF = '\n';

    /** nginx refuses to read another size digit once the size is above this. */
    private static final long MAX_SIZE_BEFORE_DIGIT = Long.MAX_VALUE / 16;

    private static final HttpHeadersFactory TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private final boolean underscores;
    private final int maxTrailerLine;
    private final int maxTrailerBytes;

    private int state;
    private long size;
    /** Set by {@link #process} when it stops: {@link #COMPLETE}, {@link #INVALID}, or data follows. */
    private int stop;

    private byte[] line;
    private int lineLength;
    private boolean lineTooLong;
    private int trailerBytes;
    private HttpHeaders trailers;

    ChunkedBodyDecoder(Http1Limits limits) {
        this.underscores = limits.underscoresInHeaders();
        this.maxTrailerLine = limits.largeHeaderBufferSize();
        this.maxTrailerBytes = (int) Math.min(Integer.MAX_VALUE,
                (long) limits.largeHeaderBufferCount() * limits.largeHeaderBufferSize());
    }

    void reset() {
        state = CHUNK_START;
        size = 0;
        lineLength = 0;
        lineTooLong = false;
        trailerBytes = 0;
        trailers = null;
    }

    /**
     * Reads what {@code in} holds of the body: adds a {@code DefaultHttpContent} per data slice, and the
     * {@code LastHttpContent} with the trailers once the body is complete.
     */
    int decode(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (state == CHUNK_DATA) {
                final int n = (int) Math.min(in.readableBytes(), size);
                out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
                size -= n;
                if (size == 0) {
                    state = AFTER_DATA;
                }
                continue;
            }
            stop = NEED_MORE;
            final int from = in.readerIndex();
            final int end = in.forEachByte(from, in.readableBytes(), this);
            if (end < 0) {
                in.readerIndex(in.writerIndex());
                return NEED_MORE;
            }
            in.readerIndex(end + 1);
            if (stop == INVALID) {
                return INVALID;
            }
            if (stop == COMPLETE) {
                final HttpHeaders t = trailers != null ? trailers : TRAILERS.newEmptyHeaders();
                trailers = null;
                out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, t));
                return COMPLETE;
            }
            // the size line ended: data follows
        }
        return NEED_MORE;
    }

    @Override
    public boolean process(byte value) {
        final int ch = value & 0xff;
        switch (state) {
            case CHUNK_START: {
                final int digit = hexValue(ch);
                if (digit < 0) {
                    return invalid();
                }
                size = digit;
                state = CHUNK_SIZE;
                return true;
            }

            case CHUNK_SIZE: {
                if (size > MAX_SIZE_BEFORE_DIGIT) {
                    return invalid();
                }
                final int digit = hexValue(ch);
                if (digit >= 0) {
                    size = size * 16 + digit;
                    return true;
                }
                if (size == 0) {
                    switch (ch) {
                        case CR:
                            state = LAST_CHUNK_EXTENSION_ALMOST_DONE;
                            return true;
                        case LF:
                            state = TRAILER;
                            return true;
                        case ';':
                        case ' ':
                        case '\t':
                            state = LAST_CHUNK_EXTENSION;
                            return true;
                        default:
                            return invalid();
                    }
                }
                switch (ch) {
                    case CR:
                        state = CHUNK_EXTENSION_ALMOST_DONE;
                        return true;
                    case LF:
                        return data();
                    case ';':
                    case ' ':
                    case '\t':
                        state = CHUNK_EXTENSION;
                        return true;
                    default:
                        return invalid();
                }
            }

            case CHUNK_EXTENSION:
                if (ch == CR) {
                    state = CHUNK_EXTENSION_ALMOST_DONE;
                    return true;
                }
                return ch != LF || data();

            case CHUNK_EXTENSION_ALMOST_DONE:
                return ch == LF ? data() : invalid();

            case AFTER_DATA:
                switch (ch) {
                    case CR:
                        state = AFTER_DATA_ALMOST_DONE;
                        return true;
                    case LF:
                        state = CHUNK_START;
                        return true;
                    default:
                        return invalid();
                }

            case AFTER_DATA_ALMOST_DONE:
                if (ch != LF) {
                    return invalid();
                }
                state = CHUNK_START;
                return true;

            case LAST_CHUNK_EXTENSION:
                if (ch == CR) {
                    state = LAST_CHUNK_EXTENSION_ALMOST_DONE;
                } else if (ch == LF) {
                    state = TRAILER;
                }
                return true;

            case LAST_CHUNK_EXTENSION_ALMOST_DONE:
                if (ch != LF) {
                    return invalid();
                }
                state = TRAILER;
                return true;

            case TRAILER:
                switch (ch) {
                    case CR:
                        state = TRAILER_ALMOST_DONE;
                        return true;
                    case LF:
                        return complete();
                    default:
                        state = TRAILER_HEADER;
                        lineLength = 0;
                        lineTooLong = false;
                        append(ch);
                        return true;
                }

            case TRAILER_ALMOST_DONE:
                return ch == LF ? complete() : invalid();

            case TRAILER_HEADER:
                switch (ch) {
                    case CR:
                        state = TRAILER_HEADER_ALMOST_DONE;
                        return true;
                    case LF:
                        endTrailerLine();
                        return true;
                    default:
                        append(ch);
                        return true;
                }

            case TRAILER_HEADER_ALMOST_DONE:
                if (ch != LF) {
                    return invalid();
                }
                endTrailerLine();
                return true;

            default:
                throw new IllegalStateException("state: " + state);
        }
    }

    private boolean data() {
        state = CHUNK_DATA;
        return false;
    }

    private boolean complete() {
        state = CHUNK_START;
        stop = COMPLETE;
        return false;
    }

    private boolean invalid() {
        stop = INVALID;
        return false;
    }

    private void append(int ch) {
        if (lineTooLong) {
            return;
        }
        if (lineLength == maxTrailerLine || trailerBytes + lineLength >= maxTrailerBytes) {
            lineTooLong = true;
            return;
        }
        if (line == null || lineLength == line.length) {
            final byte[] grown = new byte[Math.min(maxTrailerLine, Math.max(64, lineLength * 2))];
            if (line != null) {
                System.arraycopy(line, 0, grown, 0, lineLength);
            }
            line = grown;
        }
        line[lineLength++] = (byte) ch;
    }

    /** Keeps a complete "name: value" trailer line; drops what nginx would not take as a header. */
    private void endTrailerLine() {
        state = TRAILER;
        if (lineTooLong) {
            return;
        }
        int colon = -1;
        for (int i = 0; i < lineLength; i++) {
            final int ch = line[i] & 0xff;
            if (ch == ':') {
                colon = i;
                break;
            }
            if (!HeaderLineParser.isNameChar(ch, underscores)) {
                return;
            }
        }
        if (colon <= 0) {
            return;
        }
        int valueStart = colon + 1;
        int valueEnd = lineLength;
        while (valueStart < valueEnd && line[valueStart] == ' ') {
            valueStart++;
        }
        while (valueEnd > valueStart && line[valueEnd - 1] == ' ') {
            valueEnd--;
        }
        if (trailers == null) {
            trailers = TRAILERS.newHeaders();
        }
        trailers.add(new String(line, 0, colon, StandardCharsets.ISO_8859_1),
                new String(line, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
        trailerBytes += lineLength;
    }

    private static int hexValue(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        final int c = ch | 0x20;
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}

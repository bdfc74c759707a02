package dev.pier.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Decodes HTTP/1.x requests exactly as nginx 1.22 reads them ({@code ngx_http_parse.c} and the header
 * checks of {@code ngx_http_request.c}).
 *
 * <p>Emits, per request: a {@link DefaultHttpRequest} (method, raw request target, version, headers in
 * order with their original case, no validation), then the body as {@link DefaultHttpContent} slices as
 * they arrive (de-chunked for {@code Transfer-Encoding: chunked}), then a {@link LastHttpContent}
 * ({@link LastHttpContent#EMPTY_LAST_CONTENT} unless chunked, where it carries the trailers). A request
 * nginx refuses yields one {@link Http1DecodeError} instead, after which everything received is dropped.
 *
 * <p>Pipelined requests are decoded in turn. After a request nginx would not keep the connection open
 * for (HTTP/1.0 without keep-alive, "Connection: close", HTTP/0.9) the rest of the input is dropped, as
 * nginx never reads it. An HTTP/0.9 simple request ({@code GET /}) is emitted with version
 * {@link #HTTP_0_9} and no headers; nginx answers it with the body alone.
 *
 * <p>A request carrying {@code Upgrade} is decoded like any other, but what follows it is held undecoded: if
 * the response switches protocols those bytes belong to the new protocol ({@link #takeUnread}), as nginx
 * relays what its header buffer holds past the request; if not, {@link #resumeAfterUpgrade} decodes them as
 * the next request.
 */
public final class Http1RequestDecoder extends ByteToMessageDecoder {

    /** The version of an HTTP/0.9 simple request ("GET /uri" with no version). */
    public static final HttpVersion HTTP_0_9 = new HttpVersion("HTTP", 0, 9, false);

    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private static final int SCAN_AGAIN = 0;
    private static final int SCAN_STOPPED = 1;
    private static final int SCAN_DECLINED = 2;

    private enum Phase { REQUEST_LINE, HEADERS, FIXED_BODY, CHUNKED_BODY, DISCARD, UPGRADE }

    /** Output of the path normalization, only looked at for success. */
    private static final FastThreadLocal<byte[][]> NORMALIZED = new FastThreadLocal<>() {
        @Override
        protected byte[][] initialValue() {
            return new byte[][] {new byte[256]};
        }
    };

    private final Http1Limits limits;
    private final RequestLineParser requestLine = new RequestLineParser();
    private final HeaderLineParser headerLine;
    private final HeaderBufferBudget budget;
    private final RequestHeadRules rules;
    private final ChunkedBodyDecoder chunkedBody;
    private final ByteWindow window = new ByteWindow();

    private Phase phase = Phase.REQUEST_LINE;
    /** Bytes of the current line (kept unread in the input until it is complete) given to its parser. */
    private int scanned;
    /** nginx's header_name_start != NULL: a byte of the header block has been read. */
    private boolean headerStarted;

    private HttpMethod method;
    private String uri;
    private HttpVersion version;
    private HttpHeaders headers;
    private long remaining;
    private boolean keepAlive;
    /** The current request has an Upgrade header (nginx's r->headers_in.upgrade): what follows it waits. */
    private boolean upgrade;
    private ChannelHandlerContext ctx;
    /** Bytes of the current request's line and header lines read so far ($request_length). */
    private int headLength;

    public Http1RequestDecoder(Http1Limits limits) {
        this(limits, true);
    }

    /** With {@code hostRequired} false, HTTP/1.1 requests without Host pass (for parser conformance tests). */
    Http1RequestDecoder(Http1Limits limits, boolean hostRequired) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.headerLine = new HeaderLineParser(limits.underscoresInHeaders());
        this.budget = new HeaderBufferBudget(limits);
        this.rules = new RequestHeadRules(hostRequired);
        this.chunkedBody = new ChunkedBodyDecoder(limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        window.open(in);
        try {
            boolean progress = true;
            while (progress) {
                progress = switch (phase) {
                    case REQUEST_LINE -> readRequestLine(in, out);
                    case HEADERS -> readHeaders(in, out);
                    case FIXED_BODY -> readFixedBody(in, out);
                    case CHUNKED_BODY -> readChunkedBody(in, out);
                    case DISCARD -> {
                        in.skipBytes(in.readableBytes());
                        yield false;
                    }
                    case UPGRADE -> false;
                };
            }
        } finally {
            window.close();
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        final boolean midRequest = switch (phase) {
            case REQUEST_LINE -> scanned > 0;
            case HEADERS, FIXED_BODY, CHUNKED_BODY -> true;
            case DISCARD, UPGRADE -> false;
        };
        if (midRequest) {
            final boolean lineRead = phase != Phase.REQUEST_LINE;
            fail(in, out, new Http1DecodeError(400, Http1DecodeError.PREMATURE_CLOSE, lineRead,
                    lineRead ? method.name() : null, lineRead ? uri : null));
        }
    }

    // ---- request line (ngx_http_process_request_line) ----

    private boolean readRequestLine(ByteBuf in, List<Object> out) {
        if (scanned == 0) {
            // nginx skips empty lines before a request line
            while (in.isReadable()) {
                final byte b = in.getByte(in.readerIndex());
                if (b != CR && b != LF) {
                    break;
                }
                if (budget.room() == 0) {
                    budget.grow(true, false);
                }
                budget.advance(1);
                in.skipBytes(1);
            }
            if (!in.isReadable()) {
                return false;
            }
            budget.startLine();
        }
        final int scan = scan(in, true);
        if (scan == SCAN_AGAIN) {
            return false;
        }
        // the line (as far as it was read) starts at the reader index
        final int ri = window.map(in.readerIndex(), in.readerIndex() + scanned);
        final byte[] a = window.array();
        if (scan == SCAN_DECLINED) {
            return fail(in, out, new Http1DecodeError(414, Http1DecodeError.TOO_LONG_URI, false,
                    partialMethod(a, ri), null));
        }
        switch (requestLine.result()) {
            case RequestLineParser.DONE:
                break;
            case RequestLineParser.INVALID_METHOD:
                return fail(in, out, requestLineError(400, Http1DecodeError.INVALID_METHOD, a, ri));
            case RequestLineParser.INVALID_VERSION:
                return fail(in, out, requestLineError(505, Http1DecodeError.INVALID_VERSION, a, ri));
            default:
                return fail(in, out, requestLineError(400, Http1DecodeError.INVALID_REQUEST, a, ri));
        }

        method = KnownTokens.method(a, ri, requestLine.methodEnd);
        uri = new String(a, ri + requestLine.targetStart, requestLine.targetEnd - requestLine.targetStart,
                StandardCharsets.ISO_8859_1);
        version = version(requestLine.major, requestLine.minor);
        if (requestLine.http09 && method != HttpMethod.GET) {
            return fail(in, out, lineError(Http1DecodeError.INVALID_09_METHOD));
        }
        // ngx_http_process_request_uri: the path must survive ngx_http_parse_complex_uri
        if ((requestLine.complexUri || requestLine.quotedUri || requestLine.emptyPathInUri)
                && !pathNormalizes(a, ri)) {
            return fail(in, out, lineError(Http1DecodeError.INVALID_REQUEST));
        }
        if (requestLine.hostStart >= 0
                && !HostValidator.isValid(a, ri + requestLine.hostStart, ri + requestLine.hostEnd)) {
            return fail(in, out, lineError(Http1DecodeError.INVALID_HOST_IN_REQUEST_LINE));
        }
        in.skipBytes(requestLine.length);
        headLength = requestLine.length;
        scanned = 0;
        headers = HEADERS.newHeaders();

        if (requestLine.http09) {
            // nginx reads no headers and answers with the body alone, then closes
            out.add(new DecodedRequest(version, method, uri, headers, headLength));
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            keepAlive = false;
            endMessage();
            return true;
        }
        rules.reset();
        headerLine.reset();
        headerStarted = false;
        phase = Phase.HEADERS;
        return true;
    }

    private boolean pathNormalizes(byte[] a, int ri) {
        if (requestLine.uriStart < 0) {
            return true;
        }
        final int len = requestLine.uriEnd - requestLine.uriStart;
        final byte[][] holder = NORMALIZED.get();
        if (holder[0].length < len + 1) {
            holder[0] = new byte[len + 1];
        }
        return UriNormalizer.normalize(a, ri + requestLine.uriStart, len, requestLine.emptyPathInUri,
                limits.mergeSlashes(), holder[0]) >= 0;
    }

    private Http1DecodeError requestLineError(int status, String reason, byte[] a, int ri) {
        return new Http1DecodeError(status, reason, false, partialMethod(a, ri), null);
    }

    private Http1DecodeError lineError(String reason) {
        return new Http1DecodeError(400, reason, false, method.name(), uri);
    }

    private String partialMethod(byte[] a, int ri) {
        return requestLine.methodComplete() ? KnownTokens.method(a, ri, requestLine.methodEnd).name() : null;
    }

    private static HttpVersion version(int major, int minor) {
        if (major == 1) {
            return switch (minor) {
                case 1 -> HttpVersion.HTTP_1_1;
                case 0 -> HttpVersion.HTTP_1_0;
                // nginx takes HTTP/1.2 to HTTP/1.999 as 1.1 with a higher minor
                default -> new HttpVersion("HTTP", 1, minor, true);
            };
        }
        return HTTP_0_9;
    }

    // ---- header lines (ngx_http_process_request_headers) ----

    private boolean readHeaders(ByteBuf in, List<Object> out) {
        for (;;) {
            if (scanned == 0) {
                if (!in.isReadable()) {
                    return false;
                }
                budget.startLine();
            }
            final int scan = scan(in, false);
            if (scanned > 0) {
                headerStarted = true;
            }
            if (scan == SCAN_AGAIN) {
                return false;
            }
            if (scan == SCAN_DECLINED) {
                return fail(in, out, headError(Http1DecodeError.REQUEST_HEADER_TOO_LARGE, headerStarted
                        ? Http1DecodeError.TOO_LONG_HEADER_LINE : Http1DecodeError.TOO_LARGE_REQUEST));
            }
            switch (headerLine.result()) {
                case HeaderLineParser.LINE:
                    if (!headerLine.invalidName || !limits.ignoreInvalidHeaders()) {
                        final String reason = addHeader(in);
                        if (reason != null) {
                            headLength += headerLine.length;   // nginx counts a parsed line before judging it
                            return fail(in, out, headError(400, reason));
                        }
                    }
                    nextLine(in, headerLine.length);
                    headerLine.reset();
                    break;

                case HeaderLineParser.HEAD_DONE:
                    nextLine(in, headerLine.length);
                    return headComplete(in, out);

                default:
                    return fail(in, out, headError(400, Http1DecodeError.INVALID_HEADER_LINE));
            }
        }
    }

    private String addHeader(ByteBuf in) {
        final int ri = window.map(in.readerIndex(), in.readerIndex() + headerLine.length);
        final byte[] a = window.array();
        final int nameEnd = headerLine.nameEnd;
        final int valueFrom = ri + headerLine.valueStart;
        final int valueTo = ri + headerLine.valueEnd;
        final String reason = rules.onHeader(KnownTokens.header(a, ri, nameEnd), a, valueFrom, valueTo);
        if (reason == null) {
            headers.add(KnownTokens.headerName(a, ri, nameEnd),
                    new String(a, valueFrom, valueTo - valueFrom, StandardCharsets.ISO_8859_1));
        }
        return reason;
    }

    private boolean headComplete(ByteBuf in, List<Object> out) {
        final Http1DecodeError error =
                rules.onHeadComplete(method, uri, version.majorVersion(), version.minorVersion());
        if (error != null) {
            return fail(in, out, error);
        }
        out.add(new DecodedRequest(version, method, uri, headers, headLength));
        keepAlive = rules.keepAlive(version.majorVersion(), version.minorVersion());
        upgrade = headers.contains(io.netty.handler.codec.http.HttpHeaderNames.UPGRADE);
        switch (rules.framing()) {
            case RequestHeadRules.FIXED_BODY:
                remaining = rules.contentLength();
                phase = Phase.FIXED_BODY;
                return true;
            case RequestHeadRules.CHUNKED_BODY:
                chunkedBody.reset();
                phase = Phase.CHUNKED_BODY;
                return true;
            default:
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                endMessage();
                return true;
        }
    }

    private Http1DecodeError headError(int status, String reason) {
        return new Http1DecodeError(status, reason, true, method.name(), uri);
    }

    // ---- body ----

    private boolean readFixedBody(ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return false;
        }
        final int n = (int) Math.min(in.readableBytes(), remaining);
        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        remaining -= n;
        if (remaining > 0) {
            return false;
        }
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        endMessage();
        return true;
    }

    private boolean readChunkedBody(ByteBuf in, List<Object> out) {
        switch (chunkedBody.decode(in, out)) {
            case ChunkedBodyDecoder.COMPLETE:
                endMessage();
                return true;
            case ChunkedBodyDecoder.INVALID:
                return fail(in, out, headError(400, Http1DecodeError.INVALID_CHUNKED_BODY));
            default:
                return false;
        }
    }

    // ---- after a request that asked for an upgrade ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    /**
     * The response to a request that asked for an upgrade did not switch protocols: what came after the
     * request is decoded as the next one. The decoding runs as a task of its own, never inside the caller's
     * stack (which may be inside this decoder's own output); a socket read that comes first decodes it too.
     */
    public void resumeAfterUpgrade() {
        if (phase != Phase.UPGRADE) {
            return;
        }
        phase = keepAlive ? Phase.REQUEST_LINE : Phase.DISCARD;
        if (ctx != null && internalBuffer().isReadable()) {
            ctx.executor().execute(() -> {
                if (!ctx.isRemoved() && internalBuffer().isReadable()) {
                    try {
                        channelRead(ctx, io.netty.buffer.Unpooled.EMPTY_BUFFER);
                        channelReadComplete(ctx);
                    } catch (Exception e) {
                        ctx.fireExceptionCaught(e);
                    }
                }
            });
        }
    }

    /**
     * The connection switches protocols: the bytes received and not decoded (those after the request that
     * asked for it), owned by the caller, possibly empty. Nothing more is decoded.
     */
    public ByteBuf takeUnread() {
        phase = Phase.DISCARD;
        final ByteBuf in = internalBuffer();
        return in.isReadable() ? in.readRetainedSlice(in.readableBytes()) : io.netty.buffer.Unpooled.EMPTY_BUFFER;
    }

    // ---- shared ----

    /**
     * What has been received of a request whose head is not complete, as an error with {@code status} (for
     * the access log of a request that timed out), or null when nothing of a request has arrived.
     */
    public Http1DecodeError incomplete(int status, String reason) {
        final ByteBuf in = internalBuffer();
        if (phase == Phase.HEADERS) {
            return new Http1DecodeError(status, reason, true, method.name(), uri)
                    .withReceived(method.name() + " " + uri + " " + version.text(), headLength);
        }
        if (phase == Phase.REQUEST_LINE && in.isReadable()) {
            return new Http1DecodeError(status, reason, false, null, null).withReceived(receivedLine(in, Integer.MAX_VALUE), 0);
        }
        return null;
    }

    private static String receivedLine(ByteBuf in, int max) {
        int end = in.forEachByte(in.readerIndex(), in.readableBytes(), b -> b != CR && b != LF);
        int to = (int) Math.min(end < 0 ? in.writerIndex() : end, (long) in.readerIndex() + max);
        return in.toString(in.readerIndex(), to - in.readerIndex(), StandardCharsets.ISO_8859_1);
    }

    /**
     * Gives the unread part of the current line to its parser, no further than the buffer nginx would be
     * reading into, taking a large buffer when that one is full.
     */
    private int scan(ByteBuf in, boolean isRequestLine) {
        final int lineStart = in.readerIndex();
        int from = lineStart + scanned;
        final int end = in.writerIndex();
        while (from < end) {
            final int room = budget.room();
            if (room == 0) {
                if (!budget.grow(isRequestLine, scanned > 0)) {
                    return SCAN_DECLINED;
                }
                continue;
            }
            final int n = Math.min(end - from, room);
            // map from the start of the line, so that it stays whole in the window once read
            final int at = window.map(lineStart, from + n) + scanned;
            final byte[] a = window.array();
            final int i = isRequestLine ? requestLine.parse(a, at, at + n) : headerLine.parse(a, at, at + n);
            final int stop = i < 0 ? -1 : from + (i - at);
            final int processed = stop < 0 ? n : stop - from + 1;
            budget.advance(processed);
            scanned += processed;
            from += processed;
            if (stop >= 0) {
                return SCAN_STOPPED;
            }
        }
        return SCAN_AGAIN;
    }

    private void nextLine(ByteBuf in, int length) {
        in.skipBytes(length);
        headLength += length;
        scanned = 0;
    }

    private void endMessage() {
        phase = upgrade ? Phase.UPGRADE : keepAlive ? Phase.REQUEST_LINE : Phase.DISCARD;
        upgrade = false;
        requestLine.reset();
        headerLine.reset();
        budget.reset();
        scanned = 0;
        method = null;
        uri = null;
        version = null;
        headers = null;
        headLength = 0;
    }

    private boolean fail(ByteBuf in, List<Object> out, Http1DecodeError error) {
        // nginx logs a request line it could not parse as received, up to the first CR or LF; a parsed one as read
        // (a line too long for the buffers is cut where they ended)
        String line = phase == Phase.REQUEST_LINE
                ? receivedLine(in, Http1DecodeError.TOO_LONG_URI.equals(error.reason()) ? scanned : Integer.MAX_VALUE)
                : method != null ? method.name() + " " + uri + " " + version.text() : null;
        out.add(error.withReceived(line, headLength));
        keepAlive = false;
        upgrade = false;
        endMessage();
        in.skipBytes(in.readableBytes());
        return false;
    }
}

package dev.pier.http.codec;

import io.netty.handler.codec.http.HttpMethod;

/**
 * What nginx 1.22 checks in request headers before it runs any module: the handlers of
 * {@code ngx_http_headers_in} (Host, Connection and the headers that may appear once), then
 * {@code ngx_http_process_request_header} once the head is complete (Host presence, Content-Length,
 * Transfer-Encoding, CONNECT and TRACE). It also decides how the body is framed and whether nginx would
 * read another request on the connection.
 */
final class RequestHeadRules {

    static final int NO_BODY = 0;
    static final int FIXED_BODY = 1;
    static final int CHUNKED_BODY = 2;

    private static final byte[] CHUNKED = KnownTokens.ascii("chunked");
    private static final byte[] CLOSE = KnownTokens.ascii("close");
    private static final byte[] KEEP_ALIVE = KnownTokens.ascii("keep-alive");

    private static final int CONNECTION_DEFAULT = 0;
    private static final int CONNECTION_CLOSE = 1;
    private static final int CONNECTION_KEEP_ALIVE = 2;

    private final boolean hostRequired;

    private boolean hostSeen;
    private int uniqueSeen;
    private boolean contentLengthSeen;
    private long contentLength;
    private boolean transferEncodingSeen;
    private boolean transferEncodingChunked;
    private int connection;

    private int framing;

    RequestHeadRules(boolean hostRequired) {
        this.hostRequired = hostRequired;
    }

    void reset() {
        hostSeen = false;
        uniqueSeen = 0;
        contentLengthSeen = false;
        contentLength = -1;
        transferEncodingSeen = false;
        transferEncodingChunked = false;
        connection = CONNECTION_DEFAULT;
        framing = NO_BODY;
    }

    /**
     * Checks one header line as nginx does when it has read it.
     *
     * @param known the {@link KnownTokens} id of the name
     * @return the reason nginx refuses the request with 400, or null
     */
    String onHeader(int known, byte[] a, int valueFrom, int valueTo) {
        switch (known) {
            case KnownTokens.HOST:
                if (hostSeen) {
                    return Http1DecodeError.DUPLICATE_HOST;
                }
                hostSeen = true;
                return HostValidator.isValid(a, valueFrom, valueTo) ? null : Http1DecodeError.INVALID_HOST;

            case KnownTokens.CONNECTION:
                // nginx looks for the words anywhere in the value, in any case, and the last line wins
                if (KnownTokens.containsIgnoreCase(a, valueFrom, valueTo, CLOSE)) {
                    connection = CONNECTION_CLOSE;
                } else if (KnownTokens.containsIgnoreCase(a, valueFrom, valueTo, KEEP_ALIVE)) {
                    connection = CONNECTION_KEEP_ALIVE;
                }
                return null;

            case KnownTokens.OTHER:
                return null;

            default:
                final int bit = 1 << known;
                if ((uniqueSeen & bit) != 0) {
                    return Http1DecodeError.DUPLICATE_HEADER_LINE;
                }
                uniqueSeen |= bit;
                if (known == KnownTokens.CONTENT_LENGTH) {
                    contentLengthSeen = true;
                    contentLength = parseContentLength(a, valueFrom, valueTo);
                } else if (known == KnownTokens.TRANSFER_ENCODING) {
                    transferEncodingSeen = true;
                    transferEncodingChunked =
                            KnownTokens.equalsIgnoreCase(a, valueFrom, valueTo - valueFrom, CHUNKED);
                }
                return null;
        }
    }

    /**
     * nginx's ngx_http_process_request_header, in its order.
     *
     * @return null when nginx goes on with the request, else the error it answers
     */
    Http1DecodeError onHeadComplete(HttpMethod method, String uri, int major, int minor) {
        final boolean http11 = major == 1 && minor >= 1;
        if (!hostSeen && http11 && hostRequired) {
            return error(400, Http1DecodeError.MISSING_HOST, method, uri);
        }
        if (contentLengthSeen && contentLength < 0) {
            return error(400, Http1DecodeError.INVALID_CONTENT_LENGTH, method, uri);
        }
        framing = contentLength > 0 ? FIXED_BODY : NO_BODY;
        if (transferEncodingSeen) {
            if (!http11) {
                return error(400, Http1DecodeError.TRANSFER_ENCODING_IN_HTTP_10, method, uri);
            }
            if (!transferEncodingChunked) {
                return error(501, Http1DecodeError.UNKNOWN_TRANSFER_ENCODING, method, uri);
            }
            // RFC 9112 §6.1: Content-Length next to Transfer-Encoding is how requests get smuggled
            if (contentLengthSeen) {
                return error(400, Http1DecodeError.CONTENT_LENGTH_AND_TRANSFER_ENCODING, method, uri);
            }
            framing = CHUNKED_BODY;
        }
        if (method == HttpMethod.CONNECT) {
            return error(405, Http1DecodeError.CONNECT_METHOD, method, uri);
        }
        if (method == HttpMethod.TRACE) {
            return error(405, Http1DecodeError.TRACE_METHOD, method, uri);
        }
        return null;
    }

    int framing() {
        return framing;
    }

    long contentLength() {
        return contentLength;
    }

    /** ngx_http_handler: whether nginx may read another request after this one. */
    boolean keepAlive(int major, int minor) {
        return switch (connection) {
            case CONNECTION_CLOSE -> false;
            case CONNECTION_KEEP_ALIVE -> true;
            default -> major == 1 && minor >= 1;
        };
    }

    /** nginx's ngx_atoof: decimal digits only (no sign, no spaces), at most 2^63-1; -1 when invalid. */
    static long parseContentLength(byte[] a, int from, int to) {
        if (from == to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            final int ch = a[i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            final int digit = ch - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static Http1DecodeError error(int status, String reason, HttpMethod method, String uri) {
        return new Http1DecodeError(status, reason, true, method.name(), uri);
    }
}

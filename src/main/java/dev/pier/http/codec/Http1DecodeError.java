package dev.pier.http.codec;

/**
 * A request nginx would refuse while reading it. The decoder emits one of these instead of throwing, then
 * ignores everything else the connection sends; the handler answers {@code status} (if the peer is still
 * there) and closes the connection.
 *
 * @param status what nginx answers: 400, 405, 414, 494 (nginx's internal "Request Header Or Cookie Too
 *        Large", sent as 400 with that page), 501 or 505
 * @param reason nginx's error-log wording, one of the constants below
 * @param requestLineParsed whether the request line was complete and valid
 * @param method the method when it was read in full, else null
 * @param uri the raw request target when the request line was parsed, else null
 * @param receivedLine the request line for the log: as received up to the first CR or LF when it could not be
 *        parsed, as read when it was; null when no request line had started
 * @param headLength bytes of the request line and header lines read before the error ($request_length)
 */
public record Http1DecodeError(int status, String reason, boolean requestLineParsed, String method, String uri,
                               String receivedLine, int headLength) {

    public Http1DecodeError(int status, String reason, boolean requestLineParsed, String method, String uri) {
        this(status, reason, requestLineParsed, method, uri, null, 0);
    }

    /** What was received is context for the access log, not part of what the error is. */
    @Override public boolean equals(Object o) {
        return o instanceof Http1DecodeError e && status == e.status && requestLineParsed == e.requestLineParsed
                && java.util.Objects.equals(reason, e.reason) && java.util.Objects.equals(method, e.method)
                && java.util.Objects.equals(uri, e.uri);
    }

    @Override public int hashCode() { return java.util.Objects.hash(status, reason, requestLineParsed, method, uri); }

    /** This error with what the decoder had received of the request. */
    public Http1DecodeError withReceived(String line, int length) {
        return new Http1DecodeError(status, reason, requestLineParsed, method, uri, line, length);
    }

    /** nginx's internal status for a request head that does not fit its buffers (sent as 400). */
    public static final int REQUEST_HEADER_TOO_LARGE = 494;

    public static final String INVALID_METHOD = "client sent invalid method";
    public static final String INVALID_REQUEST = "client sent invalid request";
    public static final String INVALID_VERSION = "client sent invalid version";
    public static final String INVALID_09_METHOD = "client sent invalid method in HTTP/0.9 request";
    public static final String INVALID_HOST_IN_REQUEST_LINE = "client sent invalid host in request line";
    public static final String TOO_LONG_URI = "client sent too long URI";
    public static final String TOO_LARGE_REQUEST = "client sent too large request";
    public static final String TOO_LONG_HEADER_LINE = "client sent too long header line";
    public static final String INVALID_HEADER_LINE = "client sent invalid header line";
    public static final String DUPLICATE_HOST = "client sent duplicate host header";
    public static final String INVALID_HOST = "client sent invalid host header";
    public static final String DUPLICATE_HEADER_LINE = "client sent duplicate header line";
    public static final String MISSING_HOST = "client sent HTTP/1.1 request without \"Host\" header";
    public static final String INVALID_CONTENT_LENGTH = "client sent invalid \"Content-Length\" header";
    public static final String TRANSFER_ENCODING_IN_HTTP_10 =
            "client sent HTTP/1.0 request with \"Transfer-Encoding\" header";
    public static final String CONTENT_LENGTH_AND_TRANSFER_ENCODING =
            "client sent \"Content-Length\" and \"Transfer-Encoding\" headers at the same time";
    public static final String UNKNOWN_TRANSFER_ENCODING = "client sent unknown \"Transfer-Encoding\"";
    public static final String CONNECT_METHOD = "client sent CONNECT method";
    public static final String TRACE_METHOD = "client sent TRACE method";
    public static final String INVALID_CHUNKED_BODY = "client sent invalid chunked body";
    /**
     * The peer closed its side in the middle of a request. nginx sends nothing then (it logs 400 and
     * closes), so a handler should not write a response for this reason; it is emitted so that a request
     * whose body is being streamed somewhere can be aborted.
     */
    public static final String PREMATURE_CLOSE = "client prematurely closed connection";

    /** Whether nginx would write a response for this error (it does not when the peer went away). */
    public boolean needsResponse() {
        return !PREMATURE_CLOSE.equals(reason);
    }
}

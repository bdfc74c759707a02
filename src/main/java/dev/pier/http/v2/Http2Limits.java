package dev.pier.http.v2;

import dev.pier.config.Settings;
import dev.pier.http.ConnectionLimitsModule;

/**
 * The limits of one HTTP/2 connection, read from the default server of its address when it starts (nginx's
 * hc->conf_ctx): streams, the initial stream window (http2_body_preread_size), the header list
 * (large_client_header_buffers: number × size, one field at most size), and the timeouts and request count of
 * the connection (client_header_timeout before the first stream, keepalive_timeout when idle, keepalive_requests).
 */
record Http2Limits(long maxConcurrentStreams, int initialWindow, long maxHeaderListSize, long clientHeaderTimeout,
                   long keepaliveTimeout, long keepaliveRequests, long keepaliveTime) {
    /** Rapid reset: RST_STREAM frames accepted per window before the connection is ended. */
    static final int MAX_RST_FRAMES = 200;
    static final int RST_WINDOW_SECONDS = 30;
    /** SETTINGS and PING acknowledgements waiting for an unread socket before the connection is ended. */
    static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;
    /** CONTINUATION frames with tiny fragments accepted in one header block. */
    static final int MAX_SMALL_CONTINUATION_FRAMES = 16;
    /** DATA frames without payload and without END_STREAM in a row. */
    static final int MAX_EMPTY_DATA_FRAMES = 2;

    static Http2Limits of(Settings s) {
        var large = s.get(ConnectionLimitsModule.LARGE_CLIENT_HEADER_BUFFERS);
        return new Http2Limits(s.get(Http2Module.MAX_CONCURRENT_STREAMS),
                (int) Math.min(Integer.MAX_VALUE, s.get(Http2Module.BODY_PREREAD_SIZE)),
                (long) large.number() * large.size(),
                s.get(ConnectionLimitsModule.CLIENT_HEADER_TIMEOUT),
                s.get(ConnectionLimitsModule.KEEPALIVE_TIMEOUT).millis(),
                s.get(ConnectionLimitsModule.KEEPALIVE_REQUESTS),
                s.get(ConnectionLimitsModule.KEEPALIVE_TIME));
    }
}

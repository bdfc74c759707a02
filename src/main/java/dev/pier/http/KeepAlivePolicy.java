package dev.pier.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** Whether a connection stays open after a response, and the Connection / Keep-Alive headers that say so, as nginx decides. */
final class KeepAlivePolicy {
    private KeepAlivePolicy() { }

    /**
     * What the client asked for, as nginx's ngx_http_handler: a Connection value containing "close" (anywhere,
     * any case) closes, else one containing "keep-alive" keeps alive, else versions above 1.0 keep alive.
     */
    static boolean requested(HttpRequest request) {
        String connection = request.headers().get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            if (AsciiString.containsIgnoreCase(connection, "close")) {
                return false;
            }
            if (AsciiString.containsIgnoreCase(connection, "keep-alive")) {
                return true;
            }
        }
        HttpVersion v = request.protocolVersion();
        return v.majorVersion() > 1 || v.majorVersion() == 1 && v.minorVersion() >= 1;
    }

    /**
     * Decided with the settings of the location that answers, as nginx's ngx_http_update_location_config does:
     * keepalive_timeout 0, keepalive_requests reached, or keepalive_time passed end the connection.
     */
    static void apply(HttpExchange ex, HttpResponse head, long requests, long connectionAgeNanos) {
        if (head.status().code() == 101) {
            // ngx_http_header_filter: a switch of protocols says "Connection: upgrade"; the connection is no longer HTTP
            ex.disableKeepAlive();
            head.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            return;
        }
        ConnectionLimitsModule.KeepaliveTimeout timeout = ex.settings().get(ConnectionLimitsModule.KEEPALIVE_TIMEOUT);
        if (timeout.millis() == 0 || requests >= ex.settings().get(ConnectionLimitsModule.KEEPALIVE_REQUESTS)
                || connectionAgeNanos > ex.settings().get(ConnectionLimitsModule.KEEPALIVE_TIME) * 1_000_000) {
            ex.disableKeepAlive();
        }
        if (ex.keepAlive()) {
            head.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            if (timeout.headerSeconds() >= 0) {
                head.headers().set(HeaderNames.KEEP_ALIVE, "timeout=" + timeout.headerSeconds());
            }
        } else {
            head.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }
}

package dev.pier.http;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What nginx's ngx_http_send_header and header filter do when an error page's status replaces the status of
 * the response that serves it: the status line changes, Last-Modified goes unless the status is 200, 206 or
 * 304, and Accept-Ranges (added by the range filter for 200 only) goes unless it is 200.
 */
final class ErrorStatus {
    private ErrorStatus() { }

    static void apply(HttpResponse head, int status) {
        // nginx's status lines stop at 429 among the 4xx: a later code (494 by "=494") has no reason phrase
        boolean bare = status > 429 && status < 500 || status >= 600;
        head.setStatus(bare ? new HttpResponseStatus(status, "") : StatusLines.of(status));
        if (status != 200 && status != 206 && status != 304) {
            head.headers().remove(HeaderNames.LAST_MODIFIED);
        }
        if (status != 200) {
            head.headers().remove(HeaderNames.ACCEPT_RANGES);
        }
    }
}

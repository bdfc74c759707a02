package dev.pier.proxy;

import io.netty.handler.codec.http.HttpHeaders;

/** How the request body is framed towards the upstream: no body, a length, or chunks. */
record RequestFraming(long contentLength, boolean chunked) {
    static final RequestFraming NONE = new RequestFraming(-1, false);

    boolean hasBody() { return chunked || contentLength >= 0; }

    void write(HttpHeaders out) {
        if (chunked) {
            out.add("Transfer-Encoding", "chunked");
        } else if (contentLength >= 0) {
            out.add("Content-Length", Long.toString(contentLength));
        }
    }
}

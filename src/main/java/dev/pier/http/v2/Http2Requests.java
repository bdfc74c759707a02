package dev.pier.http.v2;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;

/**
 * A stream's request headers as the request the HTTP/1.x path knows, the way nginx builds an HTTP/2 request:
 * the pseudo-headers make the request line ("GET /x HTTP/2.0", nginx's ngx_http_v2_construct_request_line),
 * :authority becomes the Host header (so a Host header as well is a duplicate, 400, as in nginx 1.22), and
 * the cookie fields are joined with "; " into one Cookie header (RFC 9113 §8.2.3).
 */
final class Http2Requests {
    static final HttpVersion HTTP_2 = HttpVersion.valueOf("HTTP/2.0");
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private Http2Requests() { }

    /** The request of {@code in}; {@code endStream}: no body follows (else, without a length, the body is read to its end). */
    static HttpRequest toRequest(Http2Headers in, boolean endStream) {
        CharSequence method = in.method();
        CharSequence path = in.path();
        HttpRequest request = new DefaultHttpRequest(HTTP_2, HttpMethod.valueOf(method == null ? "GET" : method.toString()),
                path == null ? "" : path.toString(), HEADERS);
        HttpHeaders out = request.headers();
        CharSequence authority = in.authority();
        if (authority != null) {
            out.add(HttpHeaderNames.HOST, authority);
        }
        StringBuilder cookie = null;
        for (Map.Entry<CharSequence, CharSequence> e : in) {
            CharSequence name = e.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                continue;
            }
            if (io.netty.util.AsciiString.contentEquals(name, HttpHeaderNames.COOKIE)) {
                cookie = cookie == null ? new StringBuilder(e.getValue()) : cookie.append("; ").append(e.getValue());
                continue;
            }
            out.add(name, e.getValue());
        }
        if (cookie != null) {
            out.add(HttpHeaderNames.COOKIE, cookie.toString());
        }
        if (!endStream && !out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            // nginx's r->headers_in.chunked for a body of unknown length: read to the stream's end
            out.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        return request;
    }
}

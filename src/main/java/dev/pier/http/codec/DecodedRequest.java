package dev.pier.http.codec;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A request head as the decoder read it, with the size of that head on the wire: nginx's
 * {@code r->request_length} starts as the bytes of the request line and header lines, CRLFs included
 * (empty lines before the request line are not counted).
 */
public final class DecodedRequest extends DefaultHttpRequest {
    private final int headLength;

    DecodedRequest(HttpVersion version, HttpMethod method, String uri, HttpHeaders headers, int headLength) {
        super(version, method, uri, headers, false);   // the decoder has validated the line as nginx does
        this.headLength = headLength;
    }

    public int headLength() { return headLength; }
}

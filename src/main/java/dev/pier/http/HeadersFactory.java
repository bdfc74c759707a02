package dev.pier.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeadersFactory;

/** Header maps for responses Pier builds itself: names and values are Pier's own, so Netty's per-add validation is skipped. */
final class HeadersFactory {
    static final HttpHeadersFactory RESPONSE = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private HeadersFactory() { }
}

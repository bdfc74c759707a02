package dev.pier.http;

import io.netty.util.AsciiString;

/**
 * Response header names as nginx writes them (capitalized). Netty's own constants are lowercase; header
 * lookups ignore case, but what goes on the wire is written as given here.
 */
public final class HeaderNames {
    public static final AsciiString SERVER = AsciiString.cached("Server");
    public static final AsciiString DATE = AsciiString.cached("Date");
    public static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    public static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    public static final AsciiString LAST_MODIFIED = AsciiString.cached("Last-Modified");
    public static final AsciiString LOCATION = AsciiString.cached("Location");
    public static final AsciiString CONNECTION = AsciiString.cached("Connection");
    public static final AsciiString KEEP_ALIVE = AsciiString.cached("Keep-Alive");
    public static final AsciiString ETAG = AsciiString.cached("ETag");
    public static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");
    public static final AsciiString CONTENT_RANGE = AsciiString.cached("Content-Range");
    public static final AsciiString EXPIRES = AsciiString.cached("Expires");
    public static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");
    public static final AsciiString ALLOW = AsciiString.cached("Allow");
    public static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");

    private HeaderNames() { }
}

package dev.pier.http;

import io.netty.buffer.ByteBuf;

/**
 * Receives a request body a handler asked to read ({@link HttpExchange#readBody}), as nginx's
 * ngx_http_read_client_request_body delivers it: parts in order, then the end, or a failure the connection
 * has already dealt with (413 sent for a chunked body past client_max_body_size; a close for
 * client_body_timeout, an invalid chunk after the response began, or a client that went away).
 */
public interface RequestBodyReader {
    /** A part of the body; the reader owns it and releases it. */
    void content(ByteBuf part);

    /** The trailer fields of a chunked body, told just before {@link #end} when it has any. */
    default void trailers(io.netty.handler.codec.http.HttpHeaders trailers) { }

    /** The body is complete. */
    void end();

    /** The body will not complete; {@code status} is what nginx would log (400, 408, 413, 499). */
    void failed(int status);
}

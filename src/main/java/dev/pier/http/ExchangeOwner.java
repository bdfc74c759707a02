package dev.pier.http;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What an {@link HttpExchange} answers through and reads its body from: the HTTP/1.x connection it arrived
 * on, or nothing at all for a background subrequest whose response is discarded (a mirror). The exchange
 * holds the request path's state; its owner decides what becomes of the bytes.
 */
public interface ExchangeOwner {
    /** Writes a response part (head, content, file region); the owner takes it over. */
    ChannelFuture write(Object msg);

    /** The exchange's writes are not flushed until {@link #flushHeld} or its finish (one socket write per upstream read). */
    void holdFlush(HttpExchange ex);

    /** What the exchange's writes left unflushed goes out now; later writes flush again. */
    void flushHeld(HttpExchange ex);

    /** The response is complete: flush, then keep-alive, close, or end the subrequest. */
    void finish(HttpExchange ex);

    /** The owner's own response headers (Connection, Keep-Alive) and an owed 100 Continue, as the head goes out. */
    void connectionHeaders(HttpExchange ex, HttpResponse head);

    /** Reads the request body into {@code reader} (nginx's ngx_http_read_client_request_body). */
    void readBody(HttpExchange ex, RequestBodyReader reader);

    void pauseBody(HttpExchange ex, boolean paused);

    /** No 100 Continue is owed any more (nginx's r->expect_tested). */
    void expectTested(HttpExchange ex);

    /** Bytes accepted for sending so far: $bytes_sent counts from an exchange's start. */
    long bytesSent();

    /** Whether the client can take more now; a streaming handler waits for {@link HttpExchange#onClientWritable} otherwise. */
    boolean writable();

    /** Completes when the client has gone away (never, for a subrequest no client waits for). */
    io.netty.util.concurrent.Future<?> closeFuture();

    /** Ends the exchange at once, without a response or with the one begun cut short (nginx terminates the request). */
    void abort(HttpExchange ex);
}

package dev.pier.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The request path as an {@link ExchangeOwner} outside this package drives it (an HTTP/2 stream): make the
 * exchange of a request, run it, count what the owner reads of its body, and run its log phase once.
 */
public final class Exchanges {
    private Exchanges() { }

    /** A client's request on {@code connection}, answered through {@code owner}; counts it on the connection. */
    public static HttpExchange start(ChannelHandlerContext ctx, HttpRequest request, ConnectionInfo connection, ExchangeOwner owner) {
        connection.nextRequest();
        RequestTarget target = RequestTarget.parse(request.uri());
        return new HttpExchange(ctx, request, connection, owner, target == null ? request.uri() : target.requestUri(), false);
    }

    /** Runs the request path: server selection, rewrites, locations, the content handler. */
    public static void process(HttpExchange ex, HttpConfig config) {
        RequestProcessor.INSTANCE.process(ex, config);
    }

    /** Body bytes a reader received ($request_length counts them). */
    public static void countBodyBytes(HttpExchange ex, long n) { ex.countBodyBytes(n); }

    public static void bodyComplete(HttpExchange ex) { ex.bodyComplete(); }

    /** Tells a streaming handler the client can take more. */
    public static void clientWritable(HttpExchange ex) { ex.clientWritable(); }

    /** $request_time counts from {@code nanos}. */
    public static void startedAt(HttpExchange ex, long nanos) { ex.startedAt(nanos); }

    /** nginx's log phase: once per request, whatever ended it; false if it already ran. */
    public static boolean logPhase(HttpExchange ex) {
        if (!ex.end()) {
            return false;
        }
        try {
            dev.pier.log.AccessLogPhase.run(ex);
        } catch (RuntimeException e) {
            dev.pier.core.ErrorLog.log(dev.pier.core.LogLevel.ALERT, ex.connection().id(), "access log failed: " + e);
        }
        return true;
    }
}

package dev.pier.tls;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.ConnectionInfo;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.NetUtil;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Behind the TLS handlers of a connection: when the handshake ends it records the session in the connection's
 * {@link ConnectionInfo} (so {@code $scheme}, {@code $ssl_*} and the client-certificate checks see it), or logs
 * a failed one as nginx does ({@code SSL_do_handshake() failed (...) while SSL handshaking}, at info) and lets
 * the connection close. TLS errors after the handshake are logged the same way instead of reaching the HTTP
 * handler as unexpected errors.
 */
public final class HandshakeWatch extends ChannelInboundHandlerAdapter {
    static final String NAME = "tls-watch";

    private final Supplier<ConnectionInfo> connection;
    private final String server;
    private String serverName;
    private String matchedName;
    private ServerTls used;
    private boolean logged;

    HandshakeWatch(Supplier<ConnectionInfo> connection, String server) {
        this.connection = connection;
        this.server = server;
    }

    /** What the SNI step chose, before the handshake proper starts. */
    void chosen(String serverName, String matchedName, ServerTls used) {
        this.serverName = serverName;
        this.matchedName = matchedName;
        this.used = used;
    }

    /** Whether the connection is still before the end of its TLS handshake (a timeout then is "while SSL handshaking"). */
    public static boolean handshaking(ChannelPipeline pipeline) {
        if (pipeline.get(TlsDetector.class) != null || pipeline.get(ServerNameHandler.class) != null) {
            return true;
        }
        SslHandler ssl = pipeline.get(SslHandler.class);
        return ssl != null && !ssl.handshakeFuture().isDone();
    }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                ConnectionInfo info = connection.get();
                if (ssl != null && info != null) {
                    info.tls(TlsConnection.of(ssl.engine(), serverName, matchedName, used));
                }
            } else {
                failed(ctx, "SSL_do_handshake()", done.cause());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        Throwable tls = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (tls instanceof HandshakeRejected) {
            return;   // answered with an alert and logged where it was decided
        }
        if (tls instanceof SSLException || cause instanceof DecoderException) {
            failed(ctx, handshaking(ctx.pipeline()) ? "SSL_do_handshake()" : "SSL_read()", tls);
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private void failed(ChannelHandlerContext ctx, String call, Throwable cause) {
        if (!logged) {
            logged = true;
            boolean handshake = call.equals("SSL_do_handshake()");
            log(ctx, call + " failed (SSL: " + reason(cause) + ") while " + (handshake ? "SSL handshaking" : "waiting for request"));
        }
        ctx.close();
    }

    void log(ChannelHandlerContext ctx, String message) {
        ConnectionInfo info = connection.get();
        String client = info == null ? "" : NetUtil.toAddressString(info.remoteAddress().getAddress());
        // a client's broken or refused handshake is routine for nginx: info level
        ErrorLog.log(LogLevel.INFO, info == null ? 0 : info.id(), message + ", client: " + client + ", server: " + server);
    }

    private static String reason(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        return m == null ? String.valueOf(cause) : m;
    }

    /** The SNI step refused the handshake (ssl_reject_handshake): the alert is sent and the line logged already. */
    static final class HandshakeRejected extends SSLException {
        private static final long serialVersionUID = 1L;

        HandshakeRejected() {
            super("handshake rejected", null);
        }

        @Override public synchronized Throwable fillInStackTrace() { return this; }
    }
}

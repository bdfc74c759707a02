package dev.pier.proxy;

/** A TLS handshake with an upstream that failed, in nginx's words; {@code timedOut} when proxy_connect_timeout ran out. */
final class UpstreamTlsFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final boolean timedOut;

    UpstreamTlsFailure(String message, boolean timedOut) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    /** nginx's error text for a handshake that failed with {@code cause}. */
    static UpstreamTlsFailure of(Throwable cause) {
        if (cause instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
            return new UpstreamTlsFailure("upstream timed out (110: Connection timed out)", true);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException) {
                return new UpstreamTlsFailure("upstream SSL certificate verify error: (" + t.getMessage() + ")", false);
            }
        }
        return new UpstreamTlsFailure("SSL_do_handshake() failed (SSL: " + cause.getMessage() + ")", false);
    }
}

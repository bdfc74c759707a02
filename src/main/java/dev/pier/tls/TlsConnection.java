package dev.pier.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a connection's handshake settled, taken from the engine when the handshake ends (the native session is
 * gone once the connection closes, and the access log reads these after that): protocol, cipher, SNI, whether
 * the session was resumed, the client's certificates. The client certificate's verdict is worked out on first
 * use, once per connection.
 */
public final class TlsConnection {
    private final String protocol;
    private final String cipher;
    private final String serverName;
    private final String matchedName;
    private final boolean reused;
    private final String sessionId;
    private final X509Certificate[] peer;
    private final ClientCertificates clients;
    private ClientCertificates.Verdict verdict;

    private TlsConnection(String protocol, String cipher, String serverName, String matchedName, boolean reused, String sessionId,
                          X509Certificate[] peer, ClientCertificates clients) {
        this.protocol = protocol;
        this.cipher = cipher;
        this.serverName = serverName;
        this.matchedName = matchedName;
        this.reused = reused;
        this.sessionId = sessionId;
        this.peer = peer;
        this.clients = clients;
    }

    /** Reads the finished handshake of {@code engine}; on the connection's event loop, while the engine is alive. */
    static TlsConnection of(SSLEngine engine, String serverName, String matchedName, ServerTls used) {
        SSLSession session = engine.getSession();
        String cipher = session.getCipherSuite();
        boolean reused = false;
        if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
            long ssl = openssl.sslPointer();
            if (ssl != 0) {
                // OpenSSL's own names, as nginx's $ssl_cipher (ECDHE-RSA-AES128-GCM-SHA256)
                cipher = SSL.getCipherForSSL(ssl);
                reused = SSL.isSessionReused(ssl);
            }
        }
        X509Certificate[] peer = null;
        try {
            Certificate[] certs = session.getPeerCertificates();
            peer = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                peer[i] = (X509Certificate) certs[i];
            }
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            peer = null;
        }
        byte[] id = session.getId();
        return new TlsConnection(session.getProtocol(), cipher, serverName, matchedName, reused,
                id == null || id.length == 0 ? null : HexFormat.of().withUpperCase().formatHex(id), peer,
                used == null ? null : used.clientCertificates());
    }

    public String protocol() { return protocol; }

    public String cipher() { return cipher; }

    /** The name the client sent in SNI, or null. */
    public String serverName() { return serverName; }

    /** The SNI name when it chose a server (nginx's hc->ssl_servername), else null. */
    String matchedName() { return matchedName; }

    public boolean reused() { return reused; }

    String sessionId() { return sessionId; }

    /** The client's certificate, or null. */
    X509Certificate clientCertificate() { return peer == null || peer.length == 0 ? null : peer[0]; }

    /** The verdict on the client's certificate, by the handshake's server's rules (nginx's SSL_get_verify_result). */
    ClientCertificates.Verdict verdict() {
        if (verdict == null) {
            verdict = clients == null || peer == null ? ClientCertificates.Verdict.NONE : clients.verify(peer);
        }
        return verdict;
    }

    ClientCertificates clientRules() { return clients; }
}

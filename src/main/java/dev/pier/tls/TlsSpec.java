package dev.pier.tls;

import dev.pier.config.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * The TLS settings of one server, merged down from http: what its SSL context is built from. Servers with
 * equal specs share one context (and one session cache), as a certificate set at http level usually is.
 */
record TlsSpec(List<Path> certificates, List<Path> certificateKeys, List<String> passwords, List<String> protocols,
               String ciphers, boolean preferServerCiphers, String ecdhCurve, Path dhparam, SessionCache sessionCache,
               long sessionTimeoutSeconds, boolean sessionTickets, List<TicketKey> ticketKeys, int bufferSize,
               Path clientCertificate, Path trustedCertificate, VerifyClient verify, int verifyDepth, Path crl,
               boolean stapling, Path staplingFile, boolean http2) {

    /** {@code http2}: the server speaks HTTP/2 (ALPN offers h2 before http/1.1). */
    static TlsSpec of(Settings s, boolean http2) {
        return new TlsSpec(s.get(TlsModule.CERTIFICATES), s.get(TlsModule.CERTIFICATE_KEYS), s.get(TlsModule.PASSWORDS),
                s.get(TlsModule.PROTOCOLS), s.get(TlsModule.CIPHERS), s.get(TlsModule.PREFER_SERVER_CIPHERS),
                s.get(TlsModule.ECDH_CURVE), s.get(TlsModule.DHPARAM), s.get(TlsModule.SESSION_CACHE),
                s.get(TlsModule.SESSION_TIMEOUT) / 1000, s.get(TlsModule.SESSION_TICKETS), s.get(TlsModule.TICKET_KEYS),
                s.get(TlsModule.BUFFER_SIZE).intValue(), s.get(TlsModule.CLIENT_CERTIFICATE), s.get(TlsModule.TRUSTED_CERTIFICATE),
                s.get(TlsModule.VERIFY_CLIENT), s.get(TlsModule.VERIFY_DEPTH), s.get(TlsModule.CRL),
                s.get(TlsModule.STAPLING), s.get(TlsModule.STAPLING_FILE), http2);
    }
}

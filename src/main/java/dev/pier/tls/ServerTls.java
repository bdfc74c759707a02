package dev.pier.tls;

import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One server's TLS: its settings, its client-certificate verifier, and the SSL context its handshakes use.
 * The context sits in a volatile field so that {@link #replaceKeyPairs} can swap a server's certificates at
 * run time (certificates issued while running): a handshake takes the context once, so it sees the old pairs
 * or the new ones, never a mix. Session ticket keys and settings carry over, so tickets stay valid.
 */
final class ServerTls {
    private final TlsSpec spec;
    private final boolean reject;
    private final ClientCertificates clientCertificates;
    /** The files' keys, or one made at load: kept so that replaced key pairs leave issued tickets valid. */
    private final List<TicketKey> ticketKeys;
    /** The DER OCSP response of ssl_stapling_file, stapled when the client asks; null without one. */
    private final byte[] ocspResponse;
    private volatile SslContext context;

    private ServerTls(TlsSpec spec, boolean reject, ClientCertificates clientCertificates, List<TicketKey> ticketKeys, byte[] ocspResponse,
                      SslContext context) {
        this.spec = spec;
        this.reject = reject;
        this.clientCertificates = clientCertificates;
        this.ticketKeys = ticketKeys;
        this.ocspResponse = ocspResponse;
        this.context = context;
    }

    /** Reads the server's files and builds its context; at configuration load, never on an event loop. */
    static ServerTls load(TlsSpec spec, boolean reject) {
        if (spec.certificates().isEmpty()) {
            return new ServerTls(spec, reject, null, List.of(), null, null);
        }
        List<CertifiedKey> pairs = new ArrayList<>();
        for (int i = 0; i < spec.certificates().size(); i++) {
            if (i >= spec.certificateKeys().size()) {
                throw new TlsConfigException("no \"ssl_certificate_key\" is defined for certificate \"" + spec.certificates().get(i) + "\"");
            }
            pairs.add(CertifiedKey.load(spec.certificates().get(i), spec.certificateKeys().get(i), spec.passwords()));
        }
        ClientCertificates clients = ClientCertificates.load(spec);
        List<TicketKey> tickets = spec.ticketKeys().isEmpty() ? List.of(TicketKey.random()) : spec.ticketKeys();
        byte[] ocsp = spec.stapling() && spec.staplingFile() != null ? OcspFiles.read(spec.staplingFile()) : null;
        return new ServerTls(spec, reject, clients, tickets, ocsp, TlsContexts.build(spec, pairs, clients, tickets, ocsp != null));
    }

    /** The same context with another ssl_reject_handshake (two servers that differ only in it). */
    ServerTls withReject(boolean rejectHandshake) {
        return new ServerTls(spec, rejectHandshake, clientCertificates, ticketKeys, ocspResponse, context);
    }

    /** The context for a new handshake; null for a server without certificates. */
    SslContext context() { return context; }

    boolean rejectHandshake() { return reject; }

    int bufferSize() { return spec.bufferSize(); }

    /** The OCSP response to staple, or null. */
    byte[] ocspResponse() { return ocspResponse; }

    /** How this server checks client certificates; null when ssl_verify_client is off. */
    ClientCertificates clientCertificates() { return clientCertificates; }

    /**
     * Replaces the server's key pairs for the handshakes that start afterwards. Builds the new context first
     * (call it off the event loops), then swaps it in with one volatile write.
     */
    void replaceKeyPairs(List<CertifiedKey> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs: empty (expected: at least one key pair)");
        }
        context = TlsContexts.build(spec, pairs, clientCertificates, ticketKeys, ocspResponse != null);
    }
}

package dev.pier.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCredential;
import io.netty.handler.ssl.OpenSslCredentialBuilder;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds a server's Netty {@link SslContext} from its settings: BoringSSL (netty-tcnative) when it loads, where
 * nginx's cipher strings, curve lists, ticket keys and server preference apply natively; the JDK's provider
 * otherwise, with the JDK's defaults for what it cannot take (documented in docs/directives/ssl.md).
 */
final class TlsContexts {
    private TlsContexts() { }

    /** BoringSSL when it loads, unless {@code -Dpier.tls.provider=jdk} asks for the JDK's provider (read at each load). */
    static boolean openSsl() {
        return !"jdk".equals(System.getProperty("pier.tls.provider")) && OpenSsl.isAvailable();
    }

    static SslContext build(TlsSpec spec, List<CertifiedKey> pairs, ClientCertificates clients, List<TicketKey> tickets, boolean ocsp) {
        checkDhparam(spec.dhparam());
        boolean openssl = openSsl();
        List<String> protocols = spec.protocols().stream().filter(p -> p.startsWith("TLS")).toList();
        SslContextBuilder b;
        List<OpenSslCredential> credentials = List.of();
        if (openssl && pairs.size() > 1 && OpenSslCredential.isAvailable()) {
            // every pair is a BoringSSL credential: the library picks the one the client's ciphers and signature
            // algorithms accept, as OpenSSL does among nginx's ssl_certificate lines (the builder wants a first pair)
            credentials = pairs.stream().map(p -> OpenSslCredentialBuilder.forX509(p.key(),
                    p.chain().toArray(new X509Certificate[0])).build()).toList();
            b = SslContextBuilder.forServer(pairs.get(0).key(), pairs.get(0).chain()).addCredentials(credentials);
        } else if (openssl) {
            b = SslContextBuilder.forServer(pairs.get(0).key(), pairs.get(0).chain());
        } else {
            b = SslContextBuilder.forServer(new KeyManagerFactoryWrapper(new KeyChooser(pairs)));
        }
        if (openssl && ocsp) {
            b.enableOcsp(true);
        }
        if (spec.http2()) {
            // the client's h2 is chosen over http/1.1; a client offering neither goes on without ALPN (HTTP/1.x)
            b.applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                    io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                    io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2", "http/1.1"));
        }
        b.sslProvider(openssl ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(protocols)
                .sessionTimeout(spec.sessionTimeoutSeconds())
                .sessionCacheSize(spec.sessionCache().enabled() ? spec.sessionCache().sessions() : 0);
        if (clients != null) {
            b.clientAuth(ClientAuth.OPTIONAL).trustManager(new AcceptAnyClient(clients.announced()));
        }
        SslContext context;
        try {
            context = b.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("SSL_CTX_new() failed (SSL: " + e.getMessage() + ")");
        } finally {
            // the context holds its own references to the credentials
            credentials.forEach(OpenSslCredential::release);
        }
        if (openssl && context instanceof ReferenceCountedOpenSslContext native_) {
            configure(native_, spec, tickets);
        }
        return context;
    }

    private static void configure(ReferenceCountedOpenSslContext context, TlsSpec spec, List<TicketKey> tickets) {
        long ctx = nativeContext(context);
        boolean ciphersSet;
        try {
            ciphersSet = SSLContext.setCipherSuite(ctx, spec.ciphers(), false);
        } catch (Exception e) {
            ciphersSet = false;
        }
        if (!ciphersSet) {
            SSL.clearError();
            throw new TlsConfigException("SSL_CTX_set_cipher_list(\"" + spec.ciphers() + "\") failed (SSL: error:0A0000B9:SSL routines::no cipher match)");
        }
        if (!spec.ecdhCurve().equals("auto") && !SSLContext.setCurvesList(ctx, spec.ecdhCurve().split(":"))) {
            SSL.clearError();
            throw new TlsConfigException("SSL_CTX_set1_curves_list(\"" + spec.ecdhCurve() + "\") failed (SSL: error:0A080106:SSL routines::"
                    + "passed invalid argument:group '" + spec.ecdhCurve() + "' cannot be set)");
        }
        if (spec.preferServerCiphers()) {
            SSLContext.setOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
        } else {
            SSLContext.clearOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
        }
        OpenSslServerSessionContext sessions = (OpenSslServerSessionContext) context.sessionContext();
        sessions.setSessionCacheEnabled(spec.sessionCache().enabled());
        if (spec.sessionTickets()) {
            SSLContext.clearOptions(ctx, SSL.SSL_OP_NO_TICKET);
            // the first key seals new tickets, all of them open tickets (nginx's order of ssl_session_ticket_key)
            sessions.setTicketKeys(tickets.stream()
                    .map(k -> new OpenSslSessionTicketKey(k.nameBytes(), k.hmacBytes(), k.aesBytes()))
                    .toArray(OpenSslSessionTicketKey[]::new));
        } else {
            SSLContext.setOptions(ctx, SSL.SSL_OP_NO_TICKET);
        }
    }

    /**
     * The tcnative handle the {@code SSLContext} natives take. Netty keeps it in a protected field: its public
     * {@code context()} gives the raw SSL_CTX, which those natives must not get (they dereference tcnative's own struct).
     */
    private static long nativeContext(ReferenceCountedOpenSslContext context) {
        try {
            java.lang.reflect.Field f = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            f.setAccessible(true);
            return f.getLong(context);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new TlsConfigException("SSL_CTX_new() failed (" + e + ")");
        }
    }

    /**
     * ssl_dhparam is read and checked as nginx does; BoringSSL has no finite-field DHE ciphers, so the parameters
     * take no part in a handshake (ECDHE gives forward secrecy).
     */
    private static void checkDhparam(Path file) {
        if (file == null) {
            return;
        }
        List<PemFiles.Block> blocks;
        try {
            blocks = PemFiles.read(file, "");
        } catch (TlsConfigException e) {
            throw new TlsConfigException("BIO_new_file(\"" + file + "\") failed (SSL: "
                    + e.getMessage().substring("BIO_new_file() failed (SSL: ".length()));
        }
        if (blocks.stream().noneMatch(bl -> bl.label().equals("DH PARAMETERS") || bl.label().equals("X9.42 DH PARAMETERS"))) {
            throw new TlsConfigException("PEM_read_bio_DHparams(\"" + file
                    + "\") failed (SSL: error:0480006C:PEM routines::no start line:Expecting: DH PARAMETERS)");
        }
    }

    /**
     * nginx's verify callback accepts every client certificate and leaves the verdict for the request; this
     * trust manager does the same, and names the ssl_client_certificate CAs in the CertificateRequest.
     */
    static final class AcceptAnyClient extends X509ExtendedTrustManager {
        private final X509Certificate[] announced;

        AcceptAnyClient(X509Certificate[] announced) {
            this.announced = announced;
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        // a server context never judges a server: refuse rather than trust
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a client context");
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a client context");
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a client context");
        }

        @Override public X509Certificate[] getAcceptedIssuers() { return announced.clone(); }
    }
}

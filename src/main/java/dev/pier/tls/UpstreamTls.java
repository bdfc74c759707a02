package dev.pier.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The TLS a location's {@code proxy_pass https://...} speaks to its upstreams ({@code proxy_ssl_*}): one client
 * context built at load, handlers made per connection with the name to send (SNI, when
 * {@code proxy_ssl_server_name on}) and the session cache keyed by that name and port
 * ({@code proxy_ssl_session_reuse}). With {@code proxy_ssl_verify on} the chain is checked against
 * {@code proxy_ssl_trusted_certificate} and the certificate must name {@code proxy_ssl_name}, as nginx's
 * ngx_ssl_check_host: a DNS name (a leftmost "*" label matching one label) or an IP address among the subject
 * alternative names, else the common name when there are no DNS names.
 */
public final class UpstreamTls {
    private final SslContext context;
    private final boolean serverName;
    private final boolean verify;

    private UpstreamTls(SslContext context, boolean serverName, boolean verify) {
        this.context = context;
        this.serverName = serverName;
        this.verify = verify;
    }

    /** The settings of one location, read by ProxySslModule. */
    record Spec(List<String> protocols, String ciphers, boolean serverName, boolean verify, List<X509Certificate> trusted,
                List<X509Certificate> chain, PrivateKey key, boolean sessionReuse) { }

    static UpstreamTls build(Spec spec) {
        boolean openssl = TlsContexts.openSsl();
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(openssl ? SslProvider.OPENSSL : SslProvider.JDK);
        List<String> protocols = spec.protocols().stream().filter(p -> p.equals("TLSv1.2") || p.equals("TLSv1.3")).toList();
        if (!protocols.isEmpty()) {
            b.protocols(protocols);
        }
        if (openssl && !spec.ciphers().equals("DEFAULT")) {
            b.ciphers(List.of(spec.ciphers().split(":")));
        }
        if (spec.verify()) {
            b.trustManager(spec.trusted());
        } else {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (spec.key() != null) {
            b.keyManager(spec.key(), spec.chain());
        }
        SslContext context;
        try {
            context = b.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("SSL_CTX_new() failed (SSL: " + e.getMessage() + ")");
        }
        if (!spec.sessionReuse() && context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setSessionCacheEnabled(false);
        }
        return new UpstreamTls(context, spec.serverName(), spec.verify());
    }

    /**
     * A handler for a new upstream connection to {@code address}:{@code port}; {@code name} is proxy_ssl_name as
     * rendered for the request, without a port. The name goes out as SNI only with proxy_ssl_server_name on.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String name, InetAddress address, int port) {
        String peer = serverName && !isAddress(name) ? name : address.getHostAddress();
        return context.newHandler(alloc, peer, port);
    }

    public boolean verifies() { return verify; }

    /**
     * After the handshake, with proxy_ssl_verify on: null when the certificate names {@code name}, else nginx's
     * error text ("upstream SSL certificate does not match ...").
     */
    public String checkName(SSLSession session, String name) {
        X509Certificate cert;
        try {
            cert = (X509Certificate) session.getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            return "upstream SSL certificate does not match \"" + name + "\"";
        }
        return names(cert, name.toLowerCase(Locale.ROOT)) ? null : "upstream SSL certificate does not match \"" + name + "\"";
    }

    private static boolean names(X509Certificate cert, String name) {
        boolean ip = isAddress(name);
        boolean anyDns = false;
        try {
            var alternatives = cert.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    String value = String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT);
                    if (type == 2) {
                        anyDns = true;
                        if (!ip && dnsMatches(value, name)) {
                            return true;
                        }
                    } else if (type == 7 && ip && sameAddress(value, name)) {
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (anyDns || ip) {
            return false;
        }
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.trim().regionMatches(true, 0, "CN=", 0, 3) && dnsMatches(part.trim().substring(3).toLowerCase(Locale.ROOT), name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String name) {
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(name);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static boolean isAddress(String name) {
        return io.netty.util.NetUtil.isValidIpV4Address(name) || io.netty.util.NetUtil.isValidIpV6Address(name);
    }
}

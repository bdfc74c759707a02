package dev.pier.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's key pairs (several ssl_certificate lines: RSA and ECDSA, say) for the JDK's provider, which asks
 * for a key type the client accepts (by its signature algorithms in TLS 1.3, by the cipher in TLS 1.2); the
 * first pair of that type answers. Aliases are the pairs' positions. (With BoringSSL the pairs are credentials
 * of the context and the library chooses, as OpenSSL does for nginx.)
 */
final class KeyChooser extends X509ExtendedKeyManager {
    private final List<CertifiedKey> pairs;

    KeyChooser(List<CertifiedKey> pairs) {
        this.pairs = List.copyOf(pairs);
    }

    @Override public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    private String alias(String keyType) {
        for (int i = 0; i < pairs.size(); i++) {
            String type = pairs.get(i).keyType();
            // an RSA key also serves RSA-PSS signatures; JSSE asks for "EC" or, in TLS 1.2, "ECDHE_ECDSA"-style names
            if (type.equals(keyType) || keyType.startsWith(type) || type.equals("RSA") && keyType.equals("RSASSA-PSS")) {
                return Integer.toString(i);
            }
        }
        return null;
    }

    @Override public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey pair = pair(alias);
        return pair == null ? null : pair.chain().toArray(new X509Certificate[0]);
    }

    @Override public PrivateKey getPrivateKey(String alias) {
        CertifiedKey pair = pair(alias);
        return pair == null ? null : pair.key();
    }

    private CertifiedKey pair(String alias) {
        try {
            int i = Integer.parseInt(alias);
            return i >= 0 && i < pairs.size() ? pairs.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return null; }

    @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) { return null; }
}

package dev.pier.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * ssl_verify_client with its files: the CAs announced to clients (ssl_client_certificate), the certificates
 * trusted to build chains (those and ssl_trusted_certificate), revocation lists (ssl_crl) and the depth.
 * As nginx does, the handshake accepts any certificate; the chain is judged here, once per connection, with
 * OpenSSL's error codes and texts (the request then gets 495/496, or {@code $ssl_client_verify} tells).
 */
final class ClientCertificates {
    /** OpenSSL's X509_V_ERR_* codes nginx's optional_no_ca lets through (ngx_ssl_verify_error_optional). */
    private static final List<Integer> NO_CA_ERRORS = List.of(2, 18, 19, 20, 21);
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(2, "unable to get issuer certificate"),
            Map.entry(3, "unable to get certificate CRL"),
            Map.entry(7, "certificate signature failure"),
            Map.entry(8, "CRL signature failure"),
            Map.entry(9, "certificate is not yet valid"),
            Map.entry(10, "certificate has expired"),
            Map.entry(11, "CRL is not yet valid"),
            Map.entry(12, "CRL has expired"),
            Map.entry(18, "self-signed certificate"),
            Map.entry(19, "self-signed certificate in certificate chain"),
            Map.entry(20, "unable to get local issuer certificate"),
            Map.entry(21, "unable to verify the first certificate"),
            Map.entry(22, "certificate chain too long"),
            Map.entry(23, "certificate revoked"),
            Map.entry(24, "invalid CA certificate"),
            Map.entry(26, "unsupported certificate purpose"));

    /** The verdict on a connection's client certificate. {@code code} is OpenSSL's (0: verified). */
    record Verdict(int code, boolean none) {
        static final Verdict NONE = new Verdict(0, true);
        static final Verdict OK = new Verdict(0, false);

        /** {@code $ssl_client_verify}: NONE, SUCCESS or FAILED:reason. */
        String text() {
            return none ? "NONE" : code == 0 ? "SUCCESS" : "FAILED:" + reason();
        }

        String reason() { return REASONS.getOrDefault(code, "certificate verify error " + code); }
    }

    private final VerifyClient mode;
    private final int depth;
    private final X509Certificate[] announced;
    private final List<X509Certificate> trusted;
    private final List<X509CRL> crls;

    private ClientCertificates(VerifyClient mode, int depth, X509Certificate[] announced, List<X509Certificate> trusted, List<X509CRL> crls) {
        this.mode = mode;
        this.depth = depth;
        this.announced = announced;
        this.trusted = trusted;
        this.crls = crls;
    }

    /** Null when ssl_verify_client is off; errors as nginx's merge of the ssl module reports them. */
    static ClientCertificates load(TlsSpec spec) {
        if (spec.verify() == VerifyClient.OFF) {
            return null;
        }
        if (spec.clientCertificate() == null && spec.verify() != VerifyClient.OPTIONAL_NO_CA) {
            throw new TlsConfigException("no ssl_client_certificate for ssl_verify_client");
        }
        List<X509Certificate> announced = spec.clientCertificate() == null ? List.of()
                : PemFiles.certificates(spec.clientCertificate(), "SSL_CTX_load_verify_locations");
        List<X509Certificate> trusted = new ArrayList<>(announced);
        if (spec.trustedCertificate() != null) {
            trusted.addAll(PemFiles.certificates(spec.trustedCertificate(), "SSL_CTX_load_verify_locations"));
        }
        List<X509CRL> crls = spec.crl() == null ? List.of() : PemFiles.crls(spec.crl());
        return new ClientCertificates(spec.verify(), spec.verifyDepth(), announced.toArray(new X509Certificate[0]), List.copyOf(trusted), crls);
    }

    VerifyClient mode() { return mode; }

    /** The CAs named in the CertificateRequest, as nginx's SSL_CTX_set_client_CA_list. */
    X509Certificate[] announced() { return announced.clone(); }

    /** Whether a request with this verdict goes on (nginx's check in ngx_http_process_request). */
    boolean accepts(Verdict v) {
        return v.code() == 0 || mode == VerifyClient.OPTIONAL_NO_CA && NO_CA_ERRORS.contains(v.code());
    }

    /**
     * OpenSSL's X509_verify_cert, in the parts that matter for client certificates: chain building, depth, CA and
     * purpose checks, CRLs, then signatures and times from the top of the chain down. nginx's verify callback
     * accepts every error, so OpenSSL goes on after one and the verdict is the last error found; so is it here.
     */
    Verdict verify(X509Certificate[] presented) {
        if (presented == null || presented.length == 0) {
            return Verdict.NONE;
        }
        int last = 0;
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(presented[0]);
        boolean anchored = isTrusted(presented[0]);
        while (!anchored) {
            X509Certificate top = chain.get(chain.size() - 1);
            X509Certificate anchor = issuerAmong(top, trusted);
            if (anchor != null) {
                chain.add(anchor);
                anchored = true;
                break;
            }
            if (selfIssued(top)) {
                last = chain.size() == 1 ? 18 : 19;
                break;
            }
            X509Certificate next = null;
            for (int i = 1; i < presented.length; i++) {
                if (!chain.contains(presented[i]) && issued(top, presented[i])) {
                    next = presented[i];
                    break;
                }
            }
            if (next == null) {
                // OpenSSL 3: a lone leaf whose issuer is unknown "cannot be verified"; a longer chain lacks an issuer
                last = chain.size() == 1 ? 21 : 20;
                break;
            }
            chain.add(next);
        }
        // intermediates between the leaf and the trust anchor count against the depth
        if (chain.size() - 2 > depth) {
            last = 22;
        }
        // an intermediate must be a CA (a trust anchor is trusted as it is, as OpenSSL's v1 roots)
        for (int i = 1; i < chain.size() - 1; i++) {
            if (chain.get(i).getBasicConstraints() < 0) {
                last = 24;
            }
        }
        if (!clientPurpose(chain.get(0))) {
            last = 26;
        }
        if (!crls.isEmpty()) {
            int crlError = revocation(chain);
            if (crlError != 0) {
                last = crlError;
            }
        }
        Date now = new Date();
        // OpenSSL's internal_verify walks from the top of the chain down to the leaf
        for (int i = chain.size() - 1; i >= 0; i--) {
            X509Certificate c = chain.get(i);
            boolean top = i == chain.size() - 1;
            if (!top && !signedBy(c, chain.get(i + 1)) || top && anchored && selfIssued(c) && !signedBy(c, c)) {
                last = 7;
            }
            if (now.before(c.getNotBefore())) {
                last = 9;
            } else if (now.after(c.getNotAfter())) {
                last = 10;
            }
        }
        return last == 0 ? Verdict.OK : new Verdict(last, false);
    }

    /** X509_V_FLAG_CRL_CHECK_ALL, as nginx sets with ssl_crl: every certificate of the chain needs its issuer's CRL. */
    private int revocation(List<X509Certificate> chain) {
        Date now = new Date();
        int last = 0;
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : c;
            if (issuer == c && !selfIssued(c)) {
                continue;   // the top of a chain that found no issuer: OpenSSL has nothing to check its CRL with
            }
            X509CRL crl = null;
            for (X509CRL candidate : crls) {
                if (candidate.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
                    crl = candidate;
                    break;
                }
            }
            if (crl == null) {
                last = 3;
                continue;
            }
            try {
                crl.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                last = 8;
            }
            if (crl.getThisUpdate() != null && now.before(crl.getThisUpdate())) {
                last = 11;
            }
            if (crl.getNextUpdate() != null && now.after(crl.getNextUpdate())) {
                last = 12;
            }
            if (crl.isRevoked(c)) {
                last = 23;
            }
        }
        return last;
    }

    private boolean isTrusted(X509Certificate c) {
        return trusted.contains(c);
    }

    private static X509Certificate issuerAmong(X509Certificate c, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (issued(c, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean issued(X509Certificate subject, X509Certificate issuer) {
        return subject.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && signedBy(subject, issuer);
    }

    private static boolean selfIssued(X509Certificate c) {
        return c.getIssuerX500Principal().equals(c.getSubjectX500Principal());
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** X509_PURPOSE_SSL_CLIENT: an extended key usage, when present, must allow client authentication. */
    private static boolean clientPurpose(X509Certificate leaf) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            return eku == null || eku.contains("1.3.6.1.5.5.7.3.2") || eku.contains("2.5.29.37.0");
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }
}

package dev.pier.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One ssl_certificate / ssl_certificate_key pair, loaded and checked: the chain to send (leaf first) and its
 * private key. {@link #keyType()} is the JSSE key type the handshake asks for ("RSA", "EC", "EdDSA").
 */
record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {

    /** Loads a pair from its files at configuration load, with nginx's errors. */
    static CertifiedKey load(Path certificate, Path keyFile, List<String> passwords) {
        List<X509Certificate> chain = PemFiles.certificateChain(certificate);
        PrivateKey key = PrivateKeys.read(keyFile, passwords);
        if (!matches(chain.get(0), key)) {
            throw new TlsConfigException("SSL_CTX_use_PrivateKey(\"" + keyFile
                    + "\") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)");
        }
        return new CertifiedKey(chain, key);
    }

    X509Certificate leaf() { return chain.get(0); }

    String keyType() {
        return switch (key.getAlgorithm()) {
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm();
        };
    }

    /** Whether the key signs what the certificate's public key verifies (any key type, as OpenSSL's check). */
    private static boolean matches(X509Certificate cert, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm();
        };
        if (!cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "pier key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            signer.initVerify(cert.getPublicKey());
            signer.update(probe);
            return signer.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

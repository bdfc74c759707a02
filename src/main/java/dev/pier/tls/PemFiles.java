package dev.pier.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of the ssl_* directives at configuration load, failing with the text nginx (built with
 * OpenSSL 3) prints for the same file, so an operator sees the same complaint from {@code pier -t}.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n((?:[A-Za-z-]+: [^\\r\\n]*\\r?\\n)*)\\r?\\n?([A-Za-z0-9+/=\\r\\n]*?)-----END \\1-----");

    /** One PEM block: its label ("CERTIFICATE"), its headers (Proc-Type, DEK-Info) and its bytes. */
    record Block(String label, String headers, byte[] der) { }

    private PemFiles() { }

    /** The blocks of a file; {@code what} names the OpenSSL call in the error ("cannot load certificate \"x\": "). */
    static List<Block> read(Path file, String errorPrefix) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TlsConfigException(errorPrefix + "BIO_new_file() failed (SSL: " + openError(file, e) + ")");
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            out.add(new Block(m.group(1), m.group(2), der));
        }
        return out;
    }

    /** OpenSSL 3's text for a file fopen() could not open. */
    static String openError(Path file, IOException e) {
        String reason = e instanceof NoSuchFileException ? "No such file or directory"
                : e instanceof AccessDeniedException ? "Permission denied" : String.valueOf(e.getMessage());
        String code = e instanceof NoSuchFileException ? "80000002" : e instanceof AccessDeniedException ? "8000000D" : "80000005";
        String bio = e instanceof NoSuchFileException ? "no such file" : "system lib";
        return "error:" + code + ":system library::" + reason + ":calling fopen(" + file + ", r) error:10000080:BIO routines::" + bio;
    }

    /** ssl_certificate: the leaf first, then the chain, as nginx sends them. */
    static List<X509Certificate> certificateChain(Path file) {
        String prefix = "cannot load certificate \"" + file + "\": ";
        List<X509Certificate> chain = new ArrayList<>();
        for (Block b : read(file, prefix)) {
            if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE") || b.label().equals("X509 CERTIFICATE")) {
                chain.add(certificate(b.der(), prefix));
            }
        }
        if (chain.isEmpty()) {
            throw new TlsConfigException(prefix
                    + "PEM_read_bio_X509_AUX() failed (SSL: error:0480006C:PEM routines::no start line:Expecting: TRUSTED CERTIFICATE)");
        }
        return List.copyOf(chain);
    }

    /**
     * ssl_client_certificate and ssl_trusted_certificate: every certificate of the file ({@code call} is the OpenSSL
     * function nginx names: SSL_CTX_load_verify_locations).
     */
    static List<X509Certificate> certificates(Path file, String call) {
        String prefix = call + "(\"" + file + "\") failed (SSL: ";
        List<Block> blocks;
        try {
            blocks = read(file, "");
        } catch (TlsConfigException e) {
            throw new TlsConfigException(prefix + e.getMessage().substring("BIO_new_file() failed (SSL: ".length(), e.getMessage().length() - 1)
                    + " error:05880002:x509 certificate routines::system lib)");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.label().endsWith("CERTIFICATE")) {
                out.add(certificate(b.der(), prefix));
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(prefix + "error:05800088:x509 certificate routines::no certificate or crl found)");
        }
        return List.copyOf(out);
    }

    /** ssl_crl: the revocation lists of the file. */
    static List<X509CRL> crls(Path file) {
        String prefix = "X509_LOOKUP_load_file(\"" + file + "\") failed (SSL: ";
        List<Block> blocks;
        try {
            blocks = read(file, "");
        } catch (TlsConfigException e) {
            throw new TlsConfigException(prefix + e.getMessage().substring("BIO_new_file() failed (SSL: ".length(), e.getMessage().length() - 1)
                    + " error:05880002:x509 certificate routines::system lib)");
        }
        List<X509CRL> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.label().equals("X509 CRL")) {
                try {
                    for (CRL c : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(b.der()))) {
                        out.add((X509CRL) c);
                    }
                } catch (GeneralSecurityException e) {
                    throw new TlsConfigException(prefix + "error:0488000D:PEM routines::ASN1 lib)");
                }
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(prefix + "error:05800088:x509 certificate routines::no certificate or crl found)");
        }
        return List.copyOf(out);
    }

    private static X509Certificate certificate(byte[] der, String prefix) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(prefix + "PEM_read_bio_X509_AUX() failed (SSL: error:0488000D:PEM routines::ASN1 lib)");
        }
    }

    /** A certificate as PEM text, 64 columns, as OpenSSL writes it ($ssl_client_raw_cert). */
    static String pem(byte[] der) {
        StringBuilder sb = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        String b64 = Base64.getEncoder().encodeToString(der);
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END CERTIFICATE-----\n").toString();
    }
}

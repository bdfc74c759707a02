package dev.pier.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test PKI made once per test JVM with the openssl command line, in a temporary directory: a CA, RSA and
 * ECDSA certificates for the test sites, an encrypted key, client certificates (valid, expired, revoked, from
 * another CA), a CRL and a session ticket key. {@link #file} names the files; {@link #trustingClient} gives
 * an SSLContext trusting the CA (optionally presenting a client certificate).
 */
public final class TestPki {
    private static TestPki instance;

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("pier-pki");
                dir.toFile().deleteOnExit();
                new TestPki(dir).make();
                instance = new TestPki(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A file of the PKI: ca.crt, site-rsa.crt/.key, site-ec.crt/.key, b.crt/.key, enc.key, enc8.key, pw.txt, client.crt/.key, ... */
    public Path file(String name) { return dir.resolve(name); }

    /** The absolute path as text, for configurations. */
    public String path(String name) { return file(name).toString(); }

    private void make() throws IOException {
        Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = test
                [ test ]
                dir = %1$s
                database = %1$s/index.txt
                new_certs_dir = %1$s/issued
                serial = %1$s/serial
                crlnumber = %1$s/crlnumber
                default_md = sha256
                default_days = 30
                default_crl_days = 30
                policy = any
                unique_subject = no
                email_in_dn = no
                [ any ]
                commonName = supplied
                organizationName = optional
                [ client ]
                basicConstraints = CA:FALSE
                extendedKeyUsage = clientAuth
                """.formatted(dir));
        Files.createDirectories(dir.resolve("issued"));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "1000\n");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=Pier Test CA", "-days", "30");
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt", "-subj", "/CN=Other CA", "-days", "30");
        site("site-rsa", "rsa:2048", "a.test", "DNS:a.test,DNS:*.wild.test,DNS:localhost,IP:127.0.0.1", "11");
        site("site-ec", "ec", "a.test", "DNS:a.test,DNS:*.wild.test,DNS:localhost,IP:127.0.0.1", "12");
        site("b", "rsa:2048", "b.test", "DNS:b.test", "13");
        run("rsa", "-in", "site-rsa.key", "-aes256", "-passout", "pass:secret", "-out", "enc.key");
        run("pkcs8", "-topk8", "-in", "site-rsa.key", "-passout", "pass:secret", "-out", "enc8.key");
        Files.writeString(dir.resolve("pw.txt"), "wrong\nsecret\n");
        client("client", "/CN=client one/O=Pier Test", null, null);
        client("client-expired", "/CN=expired", "20200101000000Z", "20210101000000Z");
        client("client-revoked", "/CN=revoked", null, null);
        run("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-revoke", "client-revoked.crt");
        run("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-gencrl", "-out", "crl.pem");
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client-other.key", "-out", "client-other.csr", "-subj", "/CN=stranger");
        run("x509", "-req", "-in", "client-other.csr", "-CA", "other-ca.crt", "-CAkey", "other-ca.key", "-set_serial", "77",
                "-days", "30", "-out", "client-other.crt");
        // an OCSP response for the RSA site (status "unknown": the site is not in the CA's index), for ssl_stapling_file
        run("ocsp", "-issuer", "ca.crt", "-cert", "site-rsa.crt", "-reqout", "ocsp-request.der");
        run("ocsp", "-index", "index.txt", "-rsigner", "ca.crt", "-rkey", "ca.key", "-CA", "ca.crt", "-reqin", "ocsp-request.der",
                "-respout", "ocsp.der", "-ndays", "1");
        byte[] ticket = new byte[48];
        new SecureRandom().nextBytes(ticket);
        Files.write(dir.resolve("ticket.key"), ticket);
        byte[] ticket2 = new byte[80];
        new SecureRandom().nextBytes(ticket2);
        Files.write(dir.resolve("ticket80.key"), ticket2);
    }

    private void site(String name, String key, String cn, String san, String serial) throws IOException {
        if (key.equals("ec")) {
            run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + cn);
        } else {
            run("req", "-newkey", key, "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
        }
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
        run("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", serial, "-days", "30",
                "-extfile", name + ".ext", "-out", name + ".crt");
    }

    private void client(String name, String subject, String start, String end) throws IOException {
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        List<String> args = new ArrayList<>(List.of("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key",
                "-extensions", "client", "-notext", "-in", name + ".csr", "-out", name + ".crt"));
        if (start != null) {
            args.addAll(List.of("-startdate", start, "-enddate", end));
        }
        run(args.toArray(new String[0]));
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A client SSLContext trusting the test CA, presenting {@code clientName}.crt/.key when not null. */
    public SSLContext trustingClient(String clientName) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", PemFiles.certificateChain(file("ca.crt")).get(0));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientName != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                List<X509Certificate> chain = PemFiles.certificateChain(file(clientName + ".crt"));
                keys.setKeyEntry("client", PrivateKeys.read(file(clientName + ".key"), List.of()), new char[0],
                        chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.pier.tls;

import dev.pier.http.UriEscape;
import dev.pier.variables.Variables;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;

/**
 * nginx's $ssl_* variables. As nginx's, each is "not found" (empty in a template, "-" in a log) on a plain
 * connection and wherever its value would be empty; text formats follow OpenSSL's (RFC 2253 names with
 * OpenSSL's short names, upper-case serials, lower-case SHA-1 fingerprints).
 */
final class SslVariables {
    /** OpenSSL's short names for attributes the JDK prints as OIDs. */
    private static final Map<String, String> NAMES = Map.of(
            "1.2.840.113549.1.9.1", "emailAddress",
            "2.5.4.5", "serialNumber",
            "2.5.4.4", "SN",
            "2.5.4.42", "GN",
            "2.5.4.12", "title",
            "2.5.4.46", "dnQualifier",
            "2.5.4.65", "pseudonym",
            "2.5.4.17", "postalCode",
            "2.5.4.43", "initials");

    private SslVariables() { }

    static void register() {
        session("ssl_protocol", TlsConnection::protocol);
        session("ssl_cipher", TlsConnection::cipher);
        session("ssl_server_name", TlsConnection::serverName);
        session("ssl_session_reused", t -> t.reused() ? "r" : ".");
        session("ssl_session_id", TlsConnection::sessionId);
        // 0-RTT data is never accepted, so no request is in early data
        session("ssl_early_data", t -> null);
        session("ssl_client_verify", t -> t.verdict().text());
        client("ssl_client_s_dn", c -> name(c.getSubjectX500Principal()));
        client("ssl_client_i_dn", c -> name(c.getIssuerX500Principal()));
        client("ssl_client_serial", SslVariables::serial);
        client("ssl_client_fingerprint", SslVariables::fingerprint);
        client("ssl_client_raw_cert", SslVariables::pem);
        // the deprecated form: lines after the first start with a tab, and no final newline
        client("ssl_client_cert", c -> {
            String pem = pem(c);
            return pem.substring(0, pem.length() - 1).replace("\n", "\n\t");
        });
        client("ssl_client_escaped_cert", c -> UriEscape.component(pem(c)));
        client("ssl_client_v_start", c -> time(c.getNotBefore()));
        client("ssl_client_v_end", c -> time(c.getNotAfter()));
        client("ssl_client_v_remain", c -> {
            long left = c.getNotAfter().getTime() - System.currentTimeMillis();
            return Long.toString(left < 86_400_000L ? 0 : left / 86_400_000L);
        });
    }

    private static void session(String name, Function<TlsConnection, String> value) {
        Variables.builtIn(name, ex -> {
            TlsConnection t = ex.connection().tls();
            String v = t == null ? null : value.apply(t);
            return v == null || v.isEmpty() ? null : v;
        });
    }

    private static void client(String name, Function<X509Certificate, String> value) {
        session(name, t -> t.clientCertificate() == null ? null : value.apply(t.clientCertificate()));
    }

    static String name(X500Principal p) {
        return p.getName(X500Principal.RFC2253, NAMES);
    }

    private static String serial(X509Certificate c) {
        byte[] b = c.getSerialNumber().toByteArray();
        int from = b.length > 1 && b[0] == 0 ? 1 : 0;
        return HexFormat.of().withUpperCase().formatHex(b, from, b.length);
    }

    private static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }

    private static String pem(X509Certificate c) {
        try {
            return PemFiles.pem(c.getEncoded());
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    /** ASN1_TIME_print: "Nov  3 16:16:19 2026 GMT". */
    private static String time(Date d) {
        var t = d.toInstant().atZone(java.time.ZoneOffset.UTC);
        String month = t.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT);
        return String.format(Locale.ROOT, "%s %2d %02d:%02d:%02d %d GMT", month, t.getDayOfMonth(), t.getHour(), t.getMinute(),
                t.getSecond(), t.getYear());
    }
}

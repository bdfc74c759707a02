package dev.pier.differential;

import dev.pier.tls.TestPki;

/**
 * {@code listen ... ssl}: plain HTTP to the TLS port, the $ssl_* variables, SNI against Host, and client
 * certificates (missing, verified, expired, revoked, from an unknown CA) under each ssl_verify_client mode,
 * HSTS through add_header and the https redirect idiom.
 * TLS cases use TLS 1.2 with one ECDHE-RSA cipher, so BoringSSL and OpenSSL settle the same session.
 */
final class TlsCases {
    private TlsCases() { }

    static Scenario scenario() {
        String vars = "GET /vars HTTP/1.1\r\nHost: a.test\r\n\r\n";
        return Scenario.of("tls")
                .substitute("@PKI@", TestPki.get().file("").toString().replaceAll("/$", ""))
                .raw("plain HTTP to the TLS port", "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n")
                .raw("plain HTTP/1.0 to the TLS port", "GET / HTTP/1.0\r\n\r\n")
                .raw("plain HTTP with a bad request line", "GET\u0001 / HTTP/1.1\r\nHost: a.test\r\n\r\n")
                .raw("plain HTTP/1.1 without Host to the TLS port", "GET / HTTP/1.1\r\n\r\n")
                .raw("plain HTTP to a page with error_page 497", "GET / HTTP/1.1\r\nHost: redirect.test\r\n\r\n")
                .tls("variables", "a.test", null, vars)
                .tls("variables without SNI", null, null, vars)
                .tls("SNI names the server", "b.test", "client", "GET / HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("Host of another server", "a.test", null, "GET / HTTP/1.1\r\nHost: open.test\r\n\r\n")
                .tls("Host of a verifying server after another SNI", "a.test", null, "GET / HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("unknown Host after SNI", "b.test", "client", "GET / HTTP/1.1\r\nHost: unknown.test\r\n\r\n")
                .tls("required certificate missing", "b.test", null, "GET / HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("client certificate variables", "b.test", "client", "GET /vars HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("client certificate escaped", "b.test", "client", "GET /cert HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("expired client certificate", "b.test", "client-expired", "GET / HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("revoked client certificate", "b.test", "client-revoked", "GET / HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("client certificate of another CA", "b.test", "client-other", "GET / HTTP/1.1\r\nHost: b.test\r\n\r\n")
                .tls("optional without certificate", "c.test", null, "GET / HTTP/1.1\r\nHost: c.test\r\n\r\n")
                .tls("optional with certificate", "c.test", "client", "GET / HTTP/1.1\r\nHost: c.test\r\n\r\n")
                .tls("optional with expired certificate", "c.test", "client-expired", "GET / HTTP/1.1\r\nHost: c.test\r\n\r\n")
                .tls("optional_no_ca with an unknown CA", "d.test", "client-other", "GET / HTTP/1.1\r\nHost: d.test\r\n\r\n")
                .tls("optional_no_ca with an expired certificate", "d.test", "client-expired", "GET / HTTP/1.1\r\nHost: d.test\r\n\r\n")
                .tls("error_page for 496", "e.test", null, "GET / HTTP/1.1\r\nHost: e.test\r\n\r\n")
                .tls("HSTS through add_header", "hsts.test", null, "GET / HTTP/1.1\r\nHost: hsts.test\r\n\r\n")
                .tls("HSTS on an error (always)", "hsts.test", null, "GET /missing/x HTTP/1.1\r\nHost: hsts.test\r\n\r\n")
                .tls("the https redirect idiom", "hsts.test", null, "GET /moved?a=1 HTTP/1.1\r\nHost: hsts.test\r\n\r\n");
    }
}

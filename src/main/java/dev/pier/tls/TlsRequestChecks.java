package dev.pier.tls;

import dev.pier.http.ConnectionInfo;
import dev.pier.http.HttpExchange;

/**
 * The request path's TLS checks, as nginx 1.22 makes them while it reads a request's head: a Host naming a
 * server other than the one SNI chose, when that server verifies client certificates (421, in
 * ngx_http_set_virtual_server); then plain HTTP on a TLS address (497), and a client certificate the
 * request's server requires and did not get, or got and refused (496, 495, in ngx_http_process_request).
 * Each returns the status and the error-log text, or null.
 */
public final class TlsRequestChecks {
    /** A refusal: nginx's internal status (497, 496, 495 go out as 400 with their own page) and the log text. */
    public record Refusal(int status, String message) { }

    private TlsRequestChecks() { }

    /** After the Host header chose {@code ex.server()}. */
    public static Refusal misdirected(HttpExchange ex) {
        TlsConnection tls = ex.connection().tls();
        if (tls == null || tls.matchedName() == null || tls.matchedName().equals(ex.host() == null ? "" : ex.host())) {
            return null;
        }
        if (ex.server().settings().get(TlsModule.VERIFY_CLIENT) == VerifyClient.OFF) {
            return null;
        }
        return new Refusal(421, "client attempted to request the server name different from the one that was negotiated");
    }

    /** Once the head is read and checked, before the request is processed. */
    public static Refusal refusal(HttpExchange ex) {
        ConnectionInfo c = ex.connection();
        if (!c.tlsPort()) {
            return null;
        }
        TlsConnection tls = c.tls();
        if (tls == null) {
            return new Refusal(497, "client sent plain HTTP request to HTTPS port");
        }
        VerifyClient mode = ex.server().settings().get(TlsModule.VERIFY_CLIENT);
        if (mode == VerifyClient.OFF) {
            return null;
        }
        ClientCertificates.Verdict v = tls.verdict();
        ClientCertificates rules = tls.clientRules();
        if (!v.none() && v.code() != 0 && (rules == null || mode != VerifyClient.OPTIONAL_NO_CA || !rules.accepts(v))) {
            return new Refusal(495, "client SSL certificate verify error: (" + v.code() + ":" + v.reason() + ")");
        }
        if (mode == VerifyClient.ON && tls.clientCertificate() == null) {
            return new Refusal(496, "client sent no required SSL certificate");
        }
        return null;
    }
}

package dev.pier.differential;

/**
 * One request sent to both servers: a name for the report, the raw bytes (as ISO-8859-1 text, where
 * {@code @PORT@}, {@code @ETAG:path@} and {@code @LASTMOD:path@} are filled in per server), and how many
 * responses to read (pipelined requests expect more than one).
 */
record DifferentialCase(String name, String request, int responses, TlsClient tls) {
    DifferentialCase(String name, String request, int responses) {
        this(name, request, responses, null);
    }

    /**
     * A case sent over TLS: the SNI name (null: none), the client certificate of the test PKI (null: none), and
     * the one protocol and cipher the client offers, so both servers' $ssl_* answers are comparable.
     */
    record TlsClient(String serverName, String clientCertificate, String protocol, String cipher) { }

    boolean headRequest() { return request.startsWith("HEAD "); }
}

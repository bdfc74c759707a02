package dev.pier.differential;

/**
 * One request sent to both servers: a name for the report, the raw bytes (as ISO-8859-1 text, where
 * {@code @PORT@}, {@code @ETAG:path@} and {@code @LASTMOD:path@} are filled in per server), and how many
 * responses to read (pipelined requests expect more than one).
 */
record DifferentialCase(String name, String request, int responses) {

    boolean headRequest() { return request.startsWith("HEAD "); }
}

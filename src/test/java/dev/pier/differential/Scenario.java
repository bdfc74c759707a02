package dev.pier.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A config template (a resource under {@code differential/}, the inside of {@code http { }}), the files
 * both servers serve, and the requests to send, one line each. Cases where Pier is known to differ are
 * listed in {@link KnownDifferences}, not here.
 */
final class Scenario {
    private final String name;
    private final String configResource;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final List<DifferentialCase> cases = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> origins = new LinkedHashSet<>();
    private String host = "localhost";
    private final Map<String, String> substitutions = new LinkedHashMap<>();

    private Scenario(String name, String configResource) {
        this.name = name;
        this.configResource = configResource;
    }

    static Scenario of(String name) { return new Scenario(name, name + ".conf"); }

    String name() { return name; }

    String configResource() { return configResource; }

    Map<String, String> files() { return files; }

    List<DifferentialCase> cases() { return cases; }

    /** Why a case is expected to differ, or null when both servers must agree. */
    String knownDifference(String caseName) { return KnownDifferences.why(name, caseName); }

    /** Names of the {@code OriginServer} backends both servers proxy to (one shared instance each). */
    Set<String> origins() { return origins; }

    /**
     * A backend shared by both servers: the config and the requests name it {@code @ORIGIN:name@} (its
     * "127.0.0.1:port") or {@code @ORIGIN_PORT:name@}; {@code @CLOSED_PORT@} is a port nothing listens on.
     */
    Scenario origin(String name) {
        origins.add(name);
        return this;
    }

    /** Text put in place of {@code placeholder} in the config template (a backend's address) for both servers. */
    Scenario substitute(String placeholder, String value) {
        substitutions.put(placeholder, value);
        return this;
    }

    Map<String, String> substitutions() { return substitutions; }

    /** The Host header {@link #get} sends. */
    Scenario host(String host) {
        this.host = host;
        return this;
    }

    /** A file under the prefix; a path ending in '/' is an empty directory. */
    Scenario file(String path, String content) {
        files.put(path, content);
        return this;
    }

    /** {@code GET path HTTP/1.1} with the scenario's Host and the given extra header lines. */
    Scenario get(String path, String... headers) { return method("GET", path, headers); }

    Scenario head(String path, String... headers) { return method("HEAD", path, headers); }

    Scenario method(String method, String path, String... headers) {
        String[] lines = new String[headers.length + 2];
        lines[0] = method + " " + path + " HTTP/1.1";
        lines[1] = "Host: " + host;
        System.arraycopy(headers, 0, lines, 2, headers.length);
        String label = method + " " + path + (headers.length == 0 ? "" : " " + String.join(" | ", headers));
        return req(label, lines);
    }

    /** A request from its head lines (request line, headers), ended by the empty line. */
    Scenario req(String label, String... lines) { return raw(label, String.join("\r\n", lines) + "\r\n\r\n"); }

    /** Exactly these bytes (ISO-8859-1). */
    Scenario raw(String label, String bytes) { return pipelined(label, 1, bytes); }

    /** A request over TLS, with this SNI name and client certificate (either may be null), TLS 1.2 and one ECDHE-RSA cipher. */
    Scenario tls(String label, String serverName, String clientCertificate, String bytes) {
        if (!names.add(label)) {
            throw new IllegalArgumentException("duplicate case name in " + name + ": " + label);
        }
        cases.add(new DifferentialCase(label, bytes, 1, new DifferentialCase.TlsClient(serverName, clientCertificate, "TLSv1.2",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")));
        return this;
    }

    /** Bytes holding {@code responses} requests sent at once; the answers must come back in order. */
    Scenario pipelined(String label, int responses, String bytes) {
        if (!names.add(label)) {
            throw new IllegalArgumentException("duplicate case name in " + name + ": " + label);
        }
        cases.add(new DifferentialCase(label, bytes, responses));
        return this;
    }
}

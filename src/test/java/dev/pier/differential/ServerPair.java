package dev.pier.differential;

import dev.pier.Modules;
import dev.pier.log.AccessLogs;
import dev.pier.server.PierServer;
import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * nginx and Pier serving one scenario: one temporary prefix (so both read the same files with the same
 * mtimes), one config template with {@code @PORT@} replaced by a free port per server. nginx gets its temp
 * paths and access log pointed into the prefix; everything else in the two configs is the same text.
 * A scenario's backends ({@link Scenario#origin}) are started once and shared: both servers proxy to the same
 * {@link OriginServer}s, so what the backend saw can be compared in its echo.
 *
 * <p>With {@code -Ddifferential.nginxOnly=true} Pier is not started and the suite only records nginx's answers
 * (to check a new scenario's nginx side before Pier implements it).
 */
final class ServerPair implements AutoCloseable {
    private static final String NGINX_ONLY = """
                client_body_temp_path temp/body;
                proxy_temp_path temp/proxy;
                fastcgi_temp_path temp/fastcgi;
                uwsgi_temp_path temp/uwsgi;
                scgi_temp_path temp/scgi;
                access_log off;
            """;

    final Path prefix;
    final int nginxPort;
    final int pierPort;
    private final Map<String, OriginServer> origins = new LinkedHashMap<>();
    private int closedPort;
    private NginxOracle nginx;
    private PierServer pier;

    private ServerPair(Path prefix, int nginxPort, int pierPort) {
        this.prefix = prefix;
        this.nginxPort = nginxPort;
        this.pierPort = pierPort;
    }

    static ServerPair start(Scenario scenario) throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("pier-diff-" + scenario.name());
        for (String dir : new String[] {"html", "conf", "logs", "temp"}) {
            Files.createDirectories(prefix.resolve(dir));
        }
        for (Map.Entry<String, String> f : scenario.files().entrySet()) {
            Path p = prefix.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            if (f.getKey().endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.writeString(p, f.getValue(), StandardCharsets.ISO_8859_1);
            }
        }
        String template = template(scenario.configResource());
        for (Map.Entry<String, String> e : scenario.substitutions().entrySet()) {
            template = template.replace(e.getKey(), e.getValue());
        }
        ServerPair pair = new ServerPair(prefix, freePort(), freePort());
        try {
            for (String name : scenario.origins()) {
                pair.origins.put(name, OriginServer.start(name));
            }
            pair.closedPort = freePort();
            String http = pair.backends(template);
            Files.writeString(prefix.resolve("conf/nginx.conf"), "events { }\nhttp {\n" + NGINX_ONLY
                    + http.replace("@PORT@", Integer.toString(pair.nginxPort)) + "\n}\n", StandardCharsets.ISO_8859_1);
            Files.writeString(prefix.resolve("conf/pier.conf"), "error_log logs/pier-error.log info;\nevents { }\nhttp {\n"
                    + http.replace("@PORT@", Integer.toString(pair.pierPort)) + "\n}\n", StandardCharsets.ISO_8859_1);
            pair.nginx = NginxOracle.start(prefix, "conf/nginx.conf", pair.nginxPort);
            if (!nginxOnly()) {
                pair.pier = new PierServer(Modules.load(prefix, prefix.resolve("conf/pier.conf"), null));
                pair.pier.start();
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            // an Error too (a module that failed to initialize): the nginx already started must not outlive the test
            pair.close();
            throw e;
        }
        return pair;
    }

    /** True when only nginx runs: the suite records its answers and compares nothing. */
    static boolean nginxOnly() { return Boolean.getBoolean("differential.nginxOnly"); }

    /** {@code text} with the backends' placeholders ({@link Scenario#origin}) filled in. */
    String backends(String text) {
        String out = text.replace("@CLOSED_PORT@", Integer.toString(closedPort));
        for (Map.Entry<String, OriginServer> o : origins.entrySet()) {
            out = out.replace("@ORIGIN:" + o.getKey() + "@", o.getValue().address())
                    .replace("@ORIGIN_PORT:" + o.getKey() + "@", Integer.toString(o.getValue().port()));
        }
        return out;
    }

    private static String template(String resource) throws IOException {
        try (InputStream in = ServerPair.class.getResourceAsStream("/differential/" + resource)) {
            if (in == null) {
                throw new IOException("no config template differential/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * The lines of the log {@code name}-{@code port}.log once it holds {@code expected} of them, or what it
     * holds after 5 s: Pier's access logs are flushed from a buffer, nginx's are written per line.
     */
    List<String> logLines(String name, int port, int expected) throws InterruptedException, IOException {
        Path p = prefix.resolve("logs/" + name + "-" + port + ".log");
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            AccessLogs.flushAll(500);
            if (Files.exists(p)) {
                lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                if (lines.size() >= expected) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        return lines;
    }

    @Override public void close() {
        if (pier != null) {
            pier.close();
            pier = null;
        }
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
        origins.values().forEach(OriginServer::close);
        origins.clear();
        try (Stream<Path> walk = Files.walk(prefix)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

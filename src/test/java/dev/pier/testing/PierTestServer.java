package dev.pier.testing;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.server.PierServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Pier, in this JVM, on a kernel-chosen port, for a test class: a config string (the contents of
 * {@code http { }}, or a whole file when it contains "http {"), a temporary prefix with {@code html/}, and
 * clients to talk to it. Each distinct {@code 127.0.0.1:0} listen gets its own kernel-chosen port ({@link #port(int)}).
 * <pre>
 * {@literal @}RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
 *     server { listen 127.0.0.1:0; location = /ping { return 200 "pong"; } }
 *     """);
 * </pre>
 */
public final class PierTestServer implements BeforeAllCallback, AfterAllCallback {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final String config;
    private final FileSetup files;
    private Path prefix;
    private PierServer server;

    /** Prepares files under the prefix before Pier starts (roots, includes). */
    @FunctionalInterface
    public interface FileSetup {
        void create(Path prefix) throws IOException;
    }

    private PierTestServer(String config, FileSetup files) {
        this.config = config;
        this.files = files;
    }

    public static PierTestServer withConfig(String config) { return new PierTestServer(config, p -> { }); }

    public static PierTestServer withConfig(String config, FileSetup files) { return new PierTestServer(config, files); }

    @Override public void beforeAll(ExtensionContext context) throws Exception { start(); }

    @Override public void afterAll(ExtensionContext context) { stop(); }

    public void start() throws IOException, InterruptedException {
        prefix = Files.createTempDirectory("pier-test");
        Files.createDirectories(prefix.resolve("html"));
        Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        files.create(prefix);
        String text = config.contains("http {") || config.contains("http{") ? config
                : "error_log logs/error.log info;\nevents { }\nhttp {\n" + config + "\n}\n";
        Path conf = prefix.resolve("conf/pier.conf");
        Files.writeString(conf, text, StandardCharsets.ISO_8859_1);
        PierConfig loaded = Modules.load(prefix, conf, null);
        server = new PierServer(loaded);
        server.start();
    }

    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (prefix != null) {
            try (Stream<Path> walk = Files.walk(prefix)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temporary files: the OS cleans up what is left
            }
        }
    }

    public Path prefix() { return prefix; }

    public PierServer server() { return server; }

    /** The port of the first listening socket. */
    public int port() { return port(0); }

    public int port(int listener) {
        List<InetSocketAddress> bound = server.boundAddresses();
        return bound.get(listener).getPort();
    }

    public URI uri(String path) { return URI.create("http://127.0.0.1:" + port() + path); }

    public HttpResponse<String> get(String path) { return send(HttpRequest.newBuilder(uri(path)).GET().build()); }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) { return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)); }

    /**
     * Sends raw bytes on a new connection, half-closes nothing, and reads until the server closes or
     * {@code readTimeoutMillis} pass without data. Returns everything received (ISO-8859-1).
     */
    public String raw(String request, int readTimeoutMillis) {
        return rawInPieces(readTimeoutMillis, 0, request);
    }

    /**
     * {@link #raw(String, int)} with the request written in pieces, {@code pauseMillis} apart: a body that
     * follows its head later is still being read when the server acts on the head.
     */
    public String rawInPieces(int readTimeoutMillis, long pauseMillis, String... pieces) {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(readTimeoutMillis);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    Thread.sleep(pauseMillis);
                }
                out.write(pieces[i].getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return readAll(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #raw(String, int)} with a one-second quiet period. */
    public String raw(String request) { return raw(request, 1000); }

    static String readAll(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            // quiet period over, or reset by the server: what arrived is the answer
        }
        return sb.toString();
    }

    /**
     * The first line of the log {@code relative} (under the prefix) that {@code which} accepts, waiting up to 5 s
     * for it: the error log is written by a thread of its own, after the response may have gone out.
     */
    public String awaitLogLine(String relative, java.util.function.Predicate<String> which) {
        Path log = prefix.resolve(relative);
        try {
            for (int i = 0; i < 250; i++) {
                if (Files.exists(log)) {
                    for (String line : Files.readAllLines(log)) {
                        if (which.test(line)) {
                            return line;
                        }
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no such line in " + relative + ":\n" + (Files.exists(log) ? Files.readString(log) : "(no file)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes a file under the prefix (creating directories). */
    public Path write(String relative, String content) {
        try {
            Path p = prefix.resolve(relative);
            Files.createDirectories(p.getParent());
            return Files.writeString(p, content, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

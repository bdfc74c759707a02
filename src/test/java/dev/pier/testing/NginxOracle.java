package dev.pier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, started on a loopback port with the same http-block text a test gives Pier, to check a
 * table of answers against the real thing. {@link #available()} is false where nginx is not installed.
 */
public final class NginxOracle implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/nginx");
    private final Process process;
    private final Path prefix;
    private final boolean ownsPrefix;

    private NginxOracle(Process process, Path prefix, boolean ownsPrefix) {
        this.process = process;
        this.prefix = prefix;
        this.ownsPrefix = ownsPrefix;
    }

    public static boolean available() { return Files.isExecutable(BINARY); }

    /** Starts nginx with {@code http} as the inside of its http block in a temporary prefix it removes on close. */
    public static NginxOracle start(String http, int port) throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("nginx-oracle");
        Files.createDirectories(prefix.resolve("logs"));
        Files.writeString(prefix.resolve("nginx.conf"), "events {}\nhttp {\naccess_log off;\n" + http + "\n}\n");
        return launch(prefix, "nginx.conf", port, true);
    }

    /**
     * Starts nginx on a prefix and config the caller wrote (and keeps: the prefix is not removed on close),
     * with its pid and logs under {@code prefix/logs}; waits until {@code port} accepts.
     */
    public static NginxOracle start(Path prefix, String conf, int port) throws IOException, InterruptedException {
        Files.createDirectories(prefix.resolve("logs"));
        return launch(prefix, conf, port, false);
    }

    private static NginxOracle launch(Path prefix, String conf, int port, boolean ownsPrefix) throws IOException, InterruptedException {
        String p = prefix.toAbsolutePath() + "/";
        Process process = new ProcessBuilder(BINARY.toString(), "-p", p, "-c", conf, "-e", "logs/nginx-error.log",
                "-g", "daemon off; master_process off; pid logs/nginx.pid; error_log logs/nginx-error.log info;")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/nginx-stdout.log").toFile())
                .start();
        NginxOracle oracle = new NginxOracle(process, prefix, ownsPrefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited (" + process.exitValue() + "): " + oracle.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return oracle;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        oracle.close();
        throw new IllegalStateException("nginx did not listen on " + port + ": " + oracle.log());
    }

    /** What nginx printed and logged so far. */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (String name : java.util.List.of("logs/nginx-stdout.log", "logs/nginx-error.log")) {
            try {
                sb.append(Files.readString(prefix.resolve(name), StandardCharsets.ISO_8859_1));
            } catch (IOException ignored) {
                // not written yet
            }
        }
        return sb.toString();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request (given whole, CRLFs included) to address:port and returns the response body. */
    public static String body(String address, int port, String request) {
        try (Socket s = new Socket(address, port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? response : response.substring(end + 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code nginx -t -q} on a file and returns what it reported, one "[level] message" per line, with
     * nginx's timestamp and pid prefixes taken off (they depend on whether its error log is open yet).
     */
    public static java.util.List<String> configTest(Path prefix, Path conf) {
        try {
            Process p = new ProcessBuilder(BINARY.toString(), "-t", "-q", "-e", "stderr", "-p", prefix + "/", "-c", conf.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines()
                    .filter(l -> !l.endsWith(" test failed"))
                    .map(l -> l.replaceFirst("^nginx: ", "").replaceFirst("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d (\\[\\w+\\]) \\d+#\\d+: ", "$1 "))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        if (!ownsPrefix) {
            return;
        }
        try (var walk = Files.walk(prefix)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: what is left is the OS's to clean
        }
    }
}

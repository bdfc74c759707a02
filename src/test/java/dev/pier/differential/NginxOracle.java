package dev.pier.differential;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as the oracle: one foreground process (no daemon, no master) on a prefix and config the
 * test wrote, with its pid, error log and temp directories kept under that prefix.
 */
final class NginxOracle implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path prefix;

    private NginxOracle(Process process, Path prefix) {
        this.process = process;
        this.prefix = prefix;
    }

    static boolean installed() { return Files.isExecutable(BINARY); }

    /** Starts nginx on {@code prefix/conf} and waits until {@code port} accepts; fails with nginx's error log otherwise. */
    static NginxOracle start(Path prefix, String conf, int port) throws IOException, InterruptedException {
        String p = prefix.toAbsolutePath() + "/";
        Process process = new ProcessBuilder(BINARY.toString(), "-p", p, "-c", conf, "-e", "logs/nginx-error.log",
                "-g", "daemon off; master_process off; pid logs/nginx.pid; error_log logs/nginx-error.log info;")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/nginx-stdout.log").toFile())
                .start();
        NginxOracle oracle = new NginxOracle(process, prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited (" + process.exitValue() + "): " + oracle.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return oracle;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        oracle.close();
        throw new IllegalStateException("nginx did not listen on " + port + ": " + oracle.log());
    }

    String log() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("logs/nginx-stdout.log", "logs/nginx-error.log")) {
            try {
                sb.append(Files.readString(prefix.resolve(name), StandardCharsets.ISO_8859_1));
            } catch (IOException ignored) {
                // not written yet
            }
        }
        return sb.toString();
    }

    @Override public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

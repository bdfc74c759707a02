package dev.pier.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real TLS clients of the tests (curl, openssl s_client) and returns what they printed. */
public final class Commands {
    private Commands() { }

    /** stdout and stderr together; {@code input} is written to stdin, then stdin is closed. */
    public static String run(String input, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write(input.getBytes(StandardCharsets.ISO_8859_1));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code curl -s} with the test CA trusted and {@code name} resolved to 127.0.0.1; extra arguments before the URL. */
    public static String curl(TestPki pki, String name, int port, String path, String... extra) {
        return curlTo("127.0.0.1", pki, name, port, path, extra);
    }

    /** {@link #curl} to another loopback address. */
    public static String curlTo(String ip, TestPki pki, String name, int port, String path, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--max-time", "10", "--cacert", pki.path("ca.crt"),
                "--resolve", name + ":" + port + ":" + ip));
        cmd.addAll(List.of(extra));
        cmd.add("https://" + name + ":" + port + path);
        return run("", cmd.toArray(new String[0]));
    }

    /** {@code openssl s_client} to 127.0.0.1:port with the given options; {@code input} is sent once connected. */
    public static String sClient(int port, String input, String... options) {
        return sClientTo("127.0.0.1", port, input, options);
    }

    /** {@link #sClient} to another loopback address. */
    public static String sClientTo(String ip, int port, String input, String... options) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", ip + ":" + port));
        cmd.addAll(List.of(options));
        return run(input, cmd.toArray(new String[0]));
    }
}

package dev.pier.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code pier} command as a separate process: the JVM running the tests, with its class path and
 * bin/pier's JVM options, starting {@link Main}; or {@code bin/pier} itself on the same class path, the way
 * operators run it (the script stays as the parent that owns the pid file and relays signals). Output goes
 * to files so a long-running server never blocks on a full pipe.
 */
final class PierProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private PierProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** {@code bin/pier args} from the source tree, running the classes under test. */
    static PierProcess script(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("user.dir"), "bin", "pier").toString());
        cmd.addAll(List.of(args));
        return launch(workDir, cmd);
    }

    static PierProcess start(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return launch(workDir, cmd);
    }

    private static PierProcess launch(Path workDir, List<String> cmd) {
        try {
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("PIER_PREFIX");
            pb.environment().put("PIER_CLASSPATH", System.getProperty("java.class.path"));
            pb.environment().put("PIER_JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            return new PierProcess(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end (at most 20 s) and returns the exit code. */
    static PierProcess run(Path workDir, String... args) {
        PierProcess p = start(workDir, args);
        p.waitFor(20_000);
        return p;
    }

    boolean waitFor(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int exitCode() {
        if (!waitFor(20_000)) {
            throw new AssertionError("pier did not exit; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    boolean isAlive() { return process.isAlive(); }

    long pid() { return process.pid(); }

    /** The processes it started (bin/pier's JVM). */
    List<ProcessHandle> children() { return process.children().toList(); }

    /** Sends a real signal ({@code kill -NAME pid}) to the process. */
    void signal(String name) {
        try {
            int rc = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new AssertionError("kill -" + name + " failed: " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String stdout() { return read(out); }

    String stderr() { return read(err); }

    List<String> stderrLines() { return stderr().lines().toList(); }

    /** Stops the process if a test left it running. */
    void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(5000);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

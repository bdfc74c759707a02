package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier}'s command line, run as a real process: what it prints (worded as nginx 1.22 prints it), what
 * it exits with, and what a running server does with its pid file and signals.
 */
class CommandLineProcessTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path prefix;
    private Path conf;
    private final List<PierProcess> started = new ArrayList<>();

    @BeforeEach void prefixLayout() throws IOException {
        Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("html"));
        conf = prefix.resolve("conf/pier.conf");
    }

    @AfterEach void stopLeftovers() {
        started.forEach(PierProcess::destroy);
    }

    private PierProcess run(String... args) {
        PierProcess p = PierProcess.run(prefix, args);
        started.add(p);
        return p;
    }

    private PierProcess start(String... args) {
        PierProcess p = PierProcess.start(prefix, args);
        started.add(p);
        return p;
    }

    private void config(String text) throws IOException {
        Files.writeString(conf, text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String serverConfig(int port, String body) {
        return "error_log logs/error.log info;\npid logs/pier.pid;\nevents {}\nhttp {\n  server {\n    listen 127.0.0.1:" + port
                + ";\n    location / { return 200 \"" + body + "\"; }\n  }\n}\n";
    }

    private static String get(int port) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitFile(Path file, boolean exists) throws InterruptedException {
        for (int i = 0; i < 200 && Files.exists(file) != exists; i++) {
            Thread.sleep(50);
        }
    }

    @Test void testReportsSuccessAsNginx() throws IOException {
        config("events {}\n");
        PierProcess p = run("-t", "-p", prefix.toString());
        assertThat(p.exitCode()).isZero();
        assertThat(p.stderrLines()).containsExactly(
                "pier: the configuration file " + conf + " syntax is ok",
                "pier: configuration file " + conf + " test is successful");
        assertThat(p.stdout()).isEmpty();
    }

    @Test void testReportsFailureWithFileAndLine() throws IOException {
        config("events {}\n\nfoo bar;\n");
        PierProcess p = run("-t", "-p", prefix.toString(), "-c", "conf/pier.conf");
        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.stderrLines()).containsExactly(
                "pier: [emerg] unknown directive \"foo\" in " + conf + ":3",
                "pier: configuration file " + conf + " test failed");
    }

    @Test void testFailsWhenTheErrorLogCannotOpen() throws IOException {
        config("error_log logs/missing-dir/error.log;\nevents {}\n");
        PierProcess p = run("-t", "-p", prefix.toString());
        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.stderrLines()).containsExactly(
                "pier: the configuration file " + conf + " syntax is ok",
                "pier: [emerg] open() \"" + prefix.resolve("logs/missing-dir/error.log") + "\" failed (2: No such file or directory)",
                "pier: configuration file " + conf + " test failed");
    }

    @Test void quietTestPrintsOnlyWarningsAndErrors() throws IOException {
        config("daemon on;\nevents {}\n");
        PierProcess p = run("-t", "-q", "-p", prefix.toString());
        assertThat(p.exitCode()).isZero();
        assertThat(p.stderrLines()).containsExactly(
                "pier: [warn] \"daemon on\" is ignored: pier always runs in the foreground in " + conf + ":1");
    }

    @Test void dumpPrintsEveryFileAfterTheTest() throws IOException {
        config("events {}\ninclude conf.d/*.conf;\n");
        Files.createDirectories(prefix.resolve("conf/conf.d"));
        Files.writeString(prefix.resolve("conf/conf.d/a.conf"), "pid logs/a.pid;");
        PierProcess p = run("-T", "-p", prefix.toString());
        assertThat(p.exitCode()).isZero();
        assertThat(p.stdout()).isEqualTo("# configuration file " + conf + ":\nevents {}\ninclude conf.d/*.conf;\n\n"
                + "# configuration file " + prefix.resolve("conf/conf.d/a.conf") + ":\npid logs/a.pid;\n");
        assertThat(p.stderr()).contains("test is successful");
    }

    @Test void versionLines() {
        PierProcess v = run("-v");
        assertThat(v.exitCode()).isZero();
        assertThat(v.stderrLines()).containsExactly("pier version: pier/0.1.0");
        PierProcess vv = run("-V");
        assertThat(vv.exitCode()).isZero();
        List<String> lines = vv.stderrLines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("pier version: pier/0.1.0");
        assertThat(lines.get(1)).startsWith("built with Java ").contains("TLS");
        assertThat(lines.get(2)).isEqualTo("TLS SNI support enabled");
        assertThat(lines.get(3)).startsWith("configure arguments: --prefix=").contains("--with-http_core_module");
    }

    @Test void helpAndInvalidOptions() {
        PierProcess h = run("-h");
        assertThat(h.exitCode()).isZero();
        assertThat(h.stderrLines().get(1)).isEqualTo("Usage: pier [-?hvVtTq] [-s signal] [-p prefix]");
        PierProcess bad = run("-x");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderrLines()).containsExactly("pier: invalid option: \"x\"");
        PierProcess badSignal = run("-s", "foo");
        assertThat(badSignal.stderrLines()).containsExactly("pier: invalid option: \"-s foo\"");
        PierProcess noValue = run("-c");
        assertThat(noValue.stderrLines()).containsExactly("pier: option \"-c\" requires file name");
    }

    @Test void globalDirectivesApplyAndTheirErrorsSayCommandLine() throws IOException, InterruptedException {
        config("events {}\n");
        PierProcess bad = run("-t", "-p", prefix.toString(), "-g", "foo bar;");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderrLines().get(0)).isEqualTo("pier: [emerg] unknown directive \"foo\" in command line");
        PierProcess unterminated = run("-t", "-p", prefix.toString(), "-g", "daemon off");
        assertThat(unterminated.stderrLines().get(0))
                .isEqualTo("pier: [emerg] unexpected end of parameter, expecting \";\" in command line");

        int port = freePort();
        config(serverConfig(port, "g").replace("pid logs/pier.pid;\n", ""));
        PierProcess server = start("-p", prefix.toString(), "-g", "pid logs/from-g.pid;");
        awaitFile(prefix.resolve("logs/from-g.pid"), true);
        assertThat(Files.readString(prefix.resolve("logs/from-g.pid")).strip()).isEqualTo(Long.toString(server.pid()));
        assertThat(get(port)).isEqualTo("g");
        PierProcess stop = run("-p", prefix.toString(), "-g", "pid logs/from-g.pid;", "-s", "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(server.exitCode()).isZero();
    }

    @Test void servesThenReloadsReopensAndStopsBySignal() throws IOException, InterruptedException {
        int port = freePort();
        Path pid = prefix.resolve("logs/pier.pid");
        config(serverConfig(port, "one"));
        PierProcess server = start("-p", prefix.toString());
        awaitFile(pid, true);
        assertThat(Files.readString(pid)).isEqualTo(server.pid() + "\n");
        assertThat(get(port)).isEqualTo("one");

        config(serverConfig(port, "two"));
        assertThat(run("-p", prefix.toString(), "-s", "reload").exitCode()).isZero();
        String body = "";
        for (int i = 0; i < 100 && !body.equals("two"); i++) {
            Thread.sleep(50);
            body = get(port);
        }
        assertThat(body).isEqualTo("two");

        Path log = prefix.resolve("logs/error.log");
        Files.move(log, prefix.resolve("logs/error.log.1"));
        assertThat(run("-p", prefix.toString(), "-s", "reopen").exitCode()).isZero();
        awaitFile(log, true);
        assertThat(log).exists();

        assertThat(run("-p", prefix.toString(), "-s", "stop").exitCode()).isZero();
        assertThat(server.exitCode()).isZero();
        assertThat(pid).doesNotExist();
    }

    @Test void aBadConfigurationOnReloadKeepsTheOldOneServing() throws IOException, InterruptedException {
        int port = freePort();
        config(serverConfig(port, "old"));
        PierProcess server = start("-p", prefix.toString());
        awaitFile(prefix.resolve("logs/pier.pid"), true);
        config(serverConfig(port, "new").replace("events {}", "events {}\nfoo;"));
        assertThat(run("-p", prefix.toString(), "-s", "reload").exitCode()).isEqualTo(1);
        // -s itself reads the configuration first, as nginx does, so it refuses before signalling
        assertThat(get(port)).isEqualTo("old");
        assertThat(server.isAlive()).isTrue();
        // a signal sent some other way: the server logs the error and keeps the configuration it has
        new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start().waitFor();
        Path log = prefix.resolve("logs/error.log");
        for (int i = 0; i < 100 && !Files.readString(log).contains("unknown directive"); i++) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(log)).contains("[emerg]").contains("unknown directive \"foo\" in " + conf + ":4");
        assertThat(get(port)).isEqualTo("old");
        assertThat(run("-p", prefix.toString(), "-g", "pid logs/pier.pid;", "-c", "conf/none.conf", "-s", "stop").exitCode())
                .isEqualTo(1);
        server.destroy();
    }

    @Test void quitToAJvmRunDirectlyIsGracefulToo() throws IOException, InterruptedException {
        // the JVM cannot take SIGQUIT (it prints thread dumps): -s quit sees a JVM in the pid file and sends WINCH
        int port = freePort();
        config(serverConfig(port, "q"));
        PierProcess server = start("-p", prefix.toString());
        awaitFile(prefix.resolve("logs/pier.pid"), true);
        assertThat(run("-p", prefix.toString(), "-s", "quit").exitCode()).isZero();
        assertThat(server.exitCode()).isZero();
        assertThat(Files.readString(prefix.resolve("logs/error.log"))).contains("signal 28 (SIGWINCH) received, shutting down")
                .contains("gracefully shutting down");
        assertThat(prefix.resolve("logs/pier.pid")).doesNotExist();
    }

    @Test void signalWithoutPidFileIsAnError() throws IOException {
        config("events {}\n");
        PierProcess p = run("-p", prefix.toString(), "-s", "stop");
        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.stderrLines()).containsExactly("pier: [error] open() \"" + prefix.resolve("logs/pier.pid")
                + "\" failed (2: No such file or directory)");
    }

    @Test void signalToAProcessThatIsGoneIsAnAlert() throws IOException {
        config("events {}\n");
        Files.writeString(prefix.resolve("logs/pier.pid"), "3999999\n");
        PierProcess p = run("-p", prefix.toString(), "-s", "reload");
        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.stderrLines()).containsExactly("pier: [alert] kill(3999999, 1) failed (3: No such process)");
        Files.writeString(prefix.resolve("logs/pier.pid"), "abc\n");
        assertThat(run("-p", prefix.toString(), "-s", "stop").stderrLines())
                .containsExactly("pier: [error] invalid PID number \"abc\" in \"" + prefix.resolve("logs/pier.pid") + "\"");
    }

    @Test void configErrorExitsAtOnceWithoutPidFile() throws IOException {
        config("events {}\nhttp { server { listen 127.0.0.1:" + freePort() + "; foo; } }\n");
        long t0 = System.nanoTime();
        PierProcess p = start("-p", prefix.toString());
        assertThat(p.waitFor(5000)).as("exits within seconds").isTrue();
        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.stderrLines()).containsExactly("pier: [emerg] unknown directive \"foo\" in " + conf + ":2");
        assertThat(prefix.resolve("logs/pier.pid")).doesNotExist();
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    @Test void bindErrorExitsAfterClosingWhatWasBound() throws IOException, InterruptedException {
        int free = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            config("error_log logs/error.log;\nevents {}\nhttp {\n server { listen 127.0.0.1:" + free + "; }\n server { listen 127.0.0.1:"
                    + busy + "; }\n}\n");
            PierProcess p = start("-p", prefix.toString(), "-e", "logs/startup.log");
            assertThat(p.waitFor(5000)).as("exits within seconds").isTrue();
            assertThat(p.exitCode()).isEqualTo(1);
            assertThat(p.stderrLines()).containsExactly("pier: [emerg] bind() to 127.0.0.1:" + busy + " failed (98: Address already in use)");
            assertThat(Files.readString(prefix.resolve("logs/startup.log"))).contains("[emerg]").contains("bind() to 127.0.0.1:" + busy);
            assertThat(prefix.resolve("logs/pier.pid")).doesNotExist();
            // the address bound before the failure is free again
            try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(free);
            }
        }
    }
}

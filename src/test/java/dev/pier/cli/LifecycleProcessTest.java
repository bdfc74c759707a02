package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process lifecycle as nginx operators drive it: {@code bin/pier} started as a real process, real
 * signals to the pid in its pid file ({@code kill -HUP/-USR1/-QUIT/-TERM}) and {@code -s} commands.
 */
class LifecycleProcessTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Large enough that a client that stops reading keeps the response in flight (socket buffers hold a few MB). */
    private static final long BIG = 64L << 20;

    @TempDir Path prefix;
    private Path conf;
    private Path pid;
    private Path log;
    private final List<PierProcess> started = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach void prefixLayout() throws IOException {
        Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("html"));
        conf = prefix.resolve("conf/pier.conf");
        pid = prefix.resolve("logs/pier.pid");
        log = prefix.resolve("logs/error.log");
    }

    @AfterEach void stopLeftovers() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed by the test
            }
        }
        started.forEach(PierProcess::destroy);
    }

    // ---- helpers

    private PierProcess serve(String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-p", prefix.toString()));
        args.addAll(List.of(extra));
        PierProcess p = PierProcess.script(prefix, args.toArray(String[]::new));
        started.add(p);
        await("pid file written", () -> Files.exists(pid) || !p.isAlive());
        assertThat(p.isAlive()).as("pier runs; stderr: %s", p.stderr()).isTrue();
        return p;
    }

    private PierProcess command(String... args) {
        PierProcess p = PierProcess.run(prefix, args);
        started.add(p);
        return p;
    }

    private void config(String servers) throws IOException {
        config("", servers);
    }

    private void config(String main, String servers) throws IOException {
        Files.writeString(conf, "error_log logs/error.log info;\npid logs/pier.pid;\n" + main + "events {}\nhttp {\n" + servers + "}\n");
    }

    private static String server(int port, String body) {
        return "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + "html;\n    location / { return 200 \"" + body + "\"; }\n"
                + "    location /big { }\n  }\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(int port) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private void awaitBody(int port, String body) throws InterruptedException {
        await("body " + body, () -> {
            try {
                return get(port).equals(body);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        });
    }

    private String errorLog() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitLog(Path file, String text) throws InterruptedException {
        await(text + " in " + file, () -> {
            try {
                return Files.exists(file) && Files.readString(file).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void bigFile() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(prefix.resolve("html/big").toFile(), "rw")) {
            f.setLength(BIG);
        }
    }

    /** A client that asks for the big file, reads the head and a little, then stops reading. */
    private Socket slowDownload(int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(16 * 1024);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(30_000);
        s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + BIG);
        in.readNBytes(1024);
        return s;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** Reads what is left of the big body, then expects the server to close the connection. */
    private static long drainToClose(Socket s, long alreadyRead) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1 << 16];
        long total = alreadyRead;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
        }
        return total;
    }

    private static Socket idleKeepAlive(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String head = readHead(in);
        assertThat(head).contains("Connection: keep-alive");
        int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        in.readNBytes(length);
        return s;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static long pidIn(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }

    // ---- start and pid file

    @Test void thePidFileHoldsTheScriptsPidWhichRelaysSignals() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "one"));
        PierProcess p = serve();
        assertThat(pidIn(pid)).as("bin/pier's pid, the process signals are sent to").isEqualTo(p.pid());
        assertThat(p.stderr()).isEmpty();
        awaitLog(log, "started, listening on");
        assertThat(get(port)).isEqualTo("one");
    }

    @Test void aSecondInstanceOnTheSamePidFileFailsAndLeavesTheFirstsFile() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "first"));
        PierProcess first = serve();
        config(server(freePort(), "second"));
        PierProcess second = PierProcess.script(prefix, "-p", prefix.toString());
        started.add(second);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stderrLines()).containsExactly("pier: [emerg] pier is already running: process " + first.pid()
                + " holds the pid file \"" + pid + "\"");
        assertThat(pidIn(pid)).isEqualTo(first.pid());
        assertThat(first.isAlive()).isTrue();
        assertThat(get(port)).isEqualTo("first");
    }

    @Test void aStalePidFileIsReplaced() throws IOException, InterruptedException {
        Files.writeString(pid, "3999999\n");
        int port = freePort();
        config(server(port, "fresh"));
        PierProcess p = serve();
        await("pid file rewritten", () -> {
            try {
                return pidIn(pid) == p.pid();
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        });
        assertThat(get(port)).isEqualTo("fresh");
    }

    // ---- reload (HUP)

    @Test void hupReloadsAndKeepAliveConnectionsMoveToTheNewConfiguration() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "old"));
        PierProcess p = serve();
        Socket kept = idleKeepAlive(port);
        config(server(port, "new"));
        p.signal("HUP");
        awaitBody(port, "new");
        // the connection opened before the reload answers its next request from the new configuration
        kept.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = readHead(kept.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 200");
        assertThat(new String(kept.getInputStream().readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("new");
        kept.close();
        assertThat(errorLog()).contains("signal 1 (SIGHUP) received, reconfiguring");
    }

    @Test void aReloadThatFailsValidationKeepsTheOldConfiguration() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "old"));
        PierProcess p = serve();
        Files.writeString(conf, Files.readString(conf).replace("events {}", "events {}\nfoo bar;").replace("\"old\"", "\"new\""));
        p.signal("HUP");
        awaitLog(log, "unknown directive");
        assertThat(errorLog()).contains("[emerg]").contains("unknown directive \"foo\" in " + conf + ":4");
        assertThat(get(port)).isEqualTo("old");
        assertThat(p.isAlive()).isTrue();
        // the next good configuration is taken
        config(server(port, "fixed"));
        p.signal("HUP");
        awaitBody(port, "fixed");
    }

    @Test void aReloadWhoseNewListenCannotBindChangesNothing() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "old"));
        PierProcess p = serve();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            int fresh = freePort();
            config(server(port, "new") + server(fresh, "fresh") + server(busy, "busy"));
            p.signal("HUP");
            awaitLog(log, "bind() to 127.0.0.1:" + busy + " failed (98: Address already in use)");
            assertThat(get(port)).as("the old configuration still serves").isEqualTo("old");
            assertThat(accepts(fresh)).as("nothing half-applied: the address bound before the failure is closed again").isFalse();
        }
        assertThat(p.isAlive()).isTrue();
    }

    @Test void reloadAddsAndRemovesListeners() throws IOException, InterruptedException {
        bigFile();
        int a = freePort();
        int b = freePort();
        config(server(a, "a1"));
        PierProcess p = serve();
        assertThat(accepts(b)).isFalse();

        config(server(a, "a2") + server(b, "b2"));
        p.signal("HUP");
        awaitBody(b, "b2");
        assertThat(get(a)).isEqualTo("a2");

        // on a, one connection idle in keep-alive and one in the middle of a download when a goes away
        Socket idle = idleKeepAlive(a);
        Socket busy = slowDownload(a);
        config(server(b, "b3"));
        p.signal("HUP");
        awaitBody(b, "b3");
        await("a closed", () -> !accepts(a));
        assertThat(idle.getInputStream().read()).as("the idle keep-alive connection is closed").isEqualTo(-1);
        assertThat(drainToClose(busy, 1024)).as("the download in flight completes, then the connection closes").isEqualTo(BIG);
        assertThat(p.isAlive()).isTrue();
    }

    @Test void aRemovedListenersStuckConnectionIsClosedAfterWorkerShutdownTimeout() throws IOException, InterruptedException {
        bigFile();
        int a = freePort();
        int b = freePort();
        config("worker_shutdown_timeout 1s;\n", server(a, "a") + server(b, "b"));
        PierProcess p = serve();
        Socket stuck = slowDownload(a);   // and never reads again
        config("worker_shutdown_timeout 1s;\n", server(b, "b2"));
        p.signal("HUP");
        awaitBody(b, "b2");
        // reading again only after the timeout: without it the download would now complete
        Thread.sleep(2000);
        long got;
        try {
            got = drainToClose(stuck, 1024);
        } catch (IOException reset) {
            got = -1;
        }
        assertThat(got).as("cut by worker_shutdown_timeout").isLessThan(BIG);
        assertThat(p.isAlive()).isTrue();
        assertThat(get(b)).isEqualTo("b2");
    }

    @Test void theErrorLogMayMoveOnReload() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "x"));
        PierProcess p = serve();
        Files.writeString(conf, Files.readString(conf).replace("logs/error.log info", "logs/moved.log info"));
        p.signal("HUP");
        Path moved = prefix.resolve("logs/moved.log");
        awaitLog(log, "reconfiguring");
        // a line written after the swap goes to the new file
        p.signal("USR1");
        awaitLog(moved, "reopening logs");
        assertThat(Files.readString(log)).doesNotContain("reopening logs");
    }

    // ---- reopen (USR1)

    @Test void usr1ReopensTheErrorLogAfterItWasMoved() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "x"));
        PierProcess p = serve();
        awaitLog(log, "started");
        Path rotated = prefix.resolve("logs/error.log.1");
        Files.move(log, rotated);
        p.signal("USR1");
        awaitLog(log, "reopening logs");
        assertThat(Files.readString(rotated)).contains("signal 10 (SIGUSR1) received, reopening logs");
        // -s reopen does the same
        Files.move(log, prefix.resolve("logs/error.log.2"));
        assertThat(command("-p", prefix.toString(), "-s", "reopen").exitCode()).isZero();
        awaitLog(log, "reopening logs");
    }

    // ---- graceful quit (QUIT) and fast stop (TERM)

    @Test void quitLetsADownloadInFlightFinishThenExitsAndRemovesThePidFile() throws IOException, InterruptedException {
        bigFile();
        int port = freePort();
        config(server(port, "x"));
        PierProcess p = serve();
        Socket idle = idleKeepAlive(port);
        Socket busy = slowDownload(port);
        p.signal("QUIT");
        await("listener closed", () -> !accepts(port));
        assertThat(idle.getInputStream().read()).as("idle keep-alive connections close at once").isEqualTo(-1);
        Thread.sleep(300);
        assertThat(p.isAlive()).as("waits for the request in flight").isTrue();
        assertThat(pid).exists();
        assertThat(drainToClose(busy, 1024)).isEqualTo(BIG);
        assertThat(p.exitCode()).isZero();
        assertThat(pid).doesNotExist();
        assertThat(errorLog()).contains("gracefully shutting down").contains("exit");
    }

    @Test void sQuitIsGracefulToo() throws IOException, InterruptedException {
        bigFile();
        int port = freePort();
        config(server(port, "x"));
        PierProcess p = serve();
        Socket busy = slowDownload(port);
        assertThat(command("-p", prefix.toString(), "-s", "quit").exitCode()).isZero();
        await("listener closed", () -> !accepts(port));
        assertThat(p.isAlive()).isTrue();
        assertThat(drainToClose(busy, 1024)).isEqualTo(BIG);
        assertThat(p.exitCode()).isZero();
        assertThat(pid).doesNotExist();
    }

    @Test void quitGivesUpAfterWorkerShutdownTimeout() throws IOException, InterruptedException {
        bigFile();
        int port = freePort();
        config("worker_shutdown_timeout 1s;\n", server(port, "x"));
        PierProcess p = serve();
        slowDownload(port);   // and never reads again
        long t0 = System.nanoTime();
        p.signal("QUIT");
        assertThat(p.waitFor(10_000)).as("exits after the timeout").isTrue();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).isBetween(900L, 5000L);
        assertThat(p.exitCode()).isZero();
        assertThat(pid).doesNotExist();
    }

    @Test void termStopsAtOnceEvenWithARequestInFlight() throws IOException, InterruptedException {
        bigFile();
        int port = freePort();
        config(server(port, "x"));
        PierProcess p = serve();
        Socket busy = slowDownload(port);
        long t0 = System.nanoTime();
        p.signal("TERM");
        assertThat(p.waitFor(5000)).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000L);
        assertThat(p.exitCode()).isZero();
        assertThat(pid).doesNotExist();
        long got;
        try {
            got = drainToClose(busy, 1024);
        } catch (IOException reset) {
            got = -1;
        }
        assertThat(got).as("the download is cut short").isLessThan(BIG);
    }

    @Test void killingBinPierOutrightStopsTheJvmToo() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "x"));
        PierProcess p = serve();
        List<ProcessHandle> jvm = p.children();
        assertThat(jvm).hasSize(1);
        p.signal("KILL");
        await("the JVM exits", () -> !jvm.get(0).isAlive());
        await("the pid file is removed", () -> !Files.exists(pid));
        assertThat(accepts(port)).isFalse();
    }

    @Test void intStopsLikeTerm() throws IOException, InterruptedException {
        int port = freePort();
        config(server(port, "x"));
        PierProcess p = serve();
        p.signal("INT");
        assertThat(p.exitCode()).isZero();
        assertThat(pid).doesNotExist();
        assertThat(errorLog()).contains("exiting");
    }
}

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero dropped requests across reloads: keep-alive clients hammer a real Pier process while it is reloaded 20
 * times with real HUP signals, the body changing each time and a second listener appearing half way. Every
 * request must get a complete 200 from one configuration or the next; no error, no reset.
 */
class ReloadUnderLoadTest {
    private static final int RELOADS = 20;
    private static final int CLIENTS = 6;

    @TempDir Path prefix;
    private PierProcess pier;

    @AfterEach void stop() {
        if (pier != null) {
            pier.destroy();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String config(int a, int b, int version) {
        String body = "location / { return 200 \"v" + version + "\"; }";
        String servers = "  server { listen 127.0.0.1:" + a + "; " + body + " }\n";
        if (version >= RELOADS / 2) {
            servers += "  server { listen 127.0.0.1:" + b + "; " + body + " }\n";
        }
        return "error_log logs/error.log notice;\npid logs/pier.pid;\nevents {}\nhttp {\n" + servers + "}\n";
    }

    @Test void twentyReloadsUnderLoadDropNothing() throws Exception {
        Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("conf/pier.conf");
        Path pid = prefix.resolve("logs/pier.pid");
        int a = freePort();
        int b = freePort();
        Files.writeString(conf, config(a, b, 0));
        pier = PierProcess.script(prefix, "-p", prefix.toString());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pid) && pier.isAlive() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(pid).as("started; stderr: %s", pier.stderr()).exists();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger secondListenerUp = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
        AtomicLong onSecond = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            boolean alsoSecond = i % 2 == 1;
            clients.add(Thread.ofPlatform().name("client-" + i).start(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                int n = 0;
                while (running.get()) {
                    int port = alsoSecond && secondListenerUp.get() == 1 && n++ % 2 == 0 ? b : a;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || !r.body().matches("v\\d+")) {
                            errors.add(port + ": " + r.statusCode() + " " + r.body());
                        } else {
                            ok.incrementAndGet();
                            bodies.computeIfAbsent(r.body(), k -> new AtomicLong()).incrementAndGet();
                            if (port == b) {
                                onSecond.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        errors.add(port + ": " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                http.close();
            }));
        }

        HttpClient probe = HttpClient.newHttpClient();
        for (int v = 1; v <= RELOADS; v++) {
            Files.writeString(conf, config(a, b, v));
            pier.signal("HUP");
            String want = "v" + v;
            // each reload is seen before the next, so all twenty really happen
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!probe(probe, a).equals(want) || v >= RELOADS / 2 && !probe(probe, b).equals(want)) {
                assertThat(System.nanoTime()).as("reload %d applied", v).isLessThan(deadline);
                Thread.sleep(10);
            }
            if (v >= RELOADS / 2) {
                secondListenerUp.set(1);
            }
            Thread.sleep(100);
        }
        running.set(false);
        for (Thread t : clients) {
            t.join(20_000);
        }
        probe.close();

        assertThat(errors).as("failed requests").isEmpty();
        assertThat(ok.get()).as("requests answered").isGreaterThan(500);
        assertThat(onSecond.get()).as("requests on the listener added half way").isPositive();
        assertThat(bodies.keySet()).as("bodies seen").contains("v" + RELOADS).allMatch(s -> s.matches("v\\d+"));
        assertThat(pier.isAlive()).isTrue();

        pier.signal("QUIT");
        assertThat(pier.exitCode()).isZero();
        assertThat(pid).doesNotExist();
        String log = Files.readString(prefix.resolve("logs/error.log"));
        assertThat(log.split("signal 1 \\(SIGHUP\\) received", -1)).hasSize(RELOADS + 1);
        assertThat(log).doesNotContain("[emerg]").doesNotContain("[alert]");
    }

    private static String probe(HttpClient client, int port) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}

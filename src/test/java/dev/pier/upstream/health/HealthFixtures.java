package dev.pier.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.http.HttpConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What the health check tests share: loading configurations, event loops as the server makes them, waiting. */
final class HealthFixtures {
    private HealthFixtures() { }

    /** Loads {@code http} (the inside of an http block) from a temporary prefix; throws the load's error. */
    static PierConfig load(String http) throws IOException {
        Path prefix = Files.createTempDirectory("pier-health");
        Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("conf/pier.conf");
        Files.writeString(conf, "events { }\nhttp {\n" + http + "\n}\n", StandardCharsets.ISO_8859_1);
        return Modules.load(prefix, conf, null);
    }

    /** The match blocks of an http block made of {@code blocks}. */
    static Map<String, Match> matches(String blocks) throws IOException {
        return load(blocks).part(HttpConfig.class).settings().get(HealthCheckModule.MATCHES);
    }

    /** Event loops of the transport the server uses. */
    static EventLoopGroup loops() {
        return new MultiThreadIoEventLoopGroup(2, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** A port nothing listens on (right now). */
    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** The error log at {@code log} once it has a line containing {@code expected}. */
    static String logWith(Path log, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (text.contains(expected)) {
                return text;
            }
            Thread.sleep(20);
        }
        assertThat(text).contains(expected);
        return text;
    }
}

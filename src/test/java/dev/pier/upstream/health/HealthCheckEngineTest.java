package dev.pier.upstream.health;

import static dev.pier.upstream.health.HealthFixtures.await;
import static dev.pier.upstream.health.HealthFixtures.logWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.testing.OriginServer;
import dev.pier.upstream.health.PeerHealth.State;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checker against real backends: probes, counts, transitions, match rules, slow start, port, timing, stop. */
class HealthCheckEngineTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static EventLoopGroup loops;
    private static ErrorLog previousLog;
    private static Path log;
    private final List<HealthChecks> running = new ArrayList<>();
    private final List<OriginServer> origins = new ArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();

    @BeforeAll static void start() throws IOException {
        loops = HealthFixtures.loops();
        previousLog = ErrorLog.get();
        log = Files.createTempDirectory("pier-health-log").resolve("error.log");
        ErrorLog.install(log, LogLevel.INFO);
    }

    @AfterAll static void shutDown() {
        ErrorLog.use(previousLog);
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach void stopAll() {
        running.forEach(HealthChecks::stop);
        origins.forEach(OriginServer::close);
        for (AutoCloseable c : closers) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a test backend that is already gone
            }
        }
    }

    private OriginServer origin(String name) {
        OriginServer o = OriginServer.start(name);
        origins.add(o);
        return o;
    }

    private HealthChecks run(HealthCheck... checks) {
        HealthChecks set = new HealthChecks();
        for (HealthCheck c : checks) {
            set.add(c);
        }
        running.add(set);
        set.start(loops, null);
        return set;
    }

    private static HealthCheckSpec every(long millis) {
        return HealthCheckSpec.DEFAULTS.withInterval(millis);
    }

    private static void awaitState(PeerHealth h, State state) throws InterruptedException {
        await(h.peer().name() + " is " + state, LIMIT, () -> h.state() == state);
    }

    @Test void aPeerThatAnswers2xxStaysHealthyAndTheStatusViewSaysSo() throws Exception {
        OriginServer a = origin("a");
        TestUpstream group = TestUpstream.of("backend", a.port());
        HealthCheck check = HealthCheck.attach(group, every(100).withUri("/status/204"), null);
        HealthChecks set = run(check);
        await("two probes", LIMIT, () -> set.peers().get(0).checks() >= 2);
        PeerStatus s = set.peers().get(0);
        assertThat(s.upstream()).isEqualTo("backend");
        assertThat(s.peer()).isEqualTo(a.address());
        assertThat(s.uri()).isEqualTo("/status/204");
        assertThat(s.state()).isEqualTo(State.HEALTHY);
        assertThat(s.failedChecks()).isZero();
        assertThat(s.lastError()).isNull();
        assertThat(s.lastCheckMillis()).isPositive();
        assertThat(group.peer(0).guards).containsExactly(check.peers().get(0));
        assertThat(group.peer(0).admitted()).isTrue();
    }

    @Test void failsConsecutiveFailuresMakeAPeerUnhealthyNotFewer() throws Exception {
        OriginServer a = origin("a");
        TestUpstream group = TestUpstream.of("backend", a.port());
        HealthCheck check = HealthCheck.attach(group, every(150).withUri("/status/500").withCounts(3, 1), null);
        PeerHealth h = check.peers().get(0);
        run(check);
        List<PeerStatus> seen = new ArrayList<>();
        await("unhealthy", LIMIT, () -> {
            PeerStatus s = h.status();
            seen.add(s);
            return s.state() == State.UNHEALTHY;
        });
        for (PeerStatus s : seen) {
            if (s.state() == State.HEALTHY) {
                assertThat(s.consecutiveFails()).isLessThan(3);
            }
        }
        assertThat(seen).anyMatch(s -> s.state() == State.HEALTHY && s.consecutiveFails() == 2);
        PeerStatus last = seen.get(seen.size() - 1);
        assertThat(last.consecutiveFails()).isGreaterThanOrEqualTo(3);
        assertThat(last.unhealthy()).isEqualTo(1);
        assertThat(last.lastError()).isEqualTo("failed while checking status code (status 500)");
        assertThat(group.peer(0).admitted()).isFalse();
        logWith(log, "[warn] ");
        assertThat(logWith(log, "peer is unhealthy while checking status code, health check \"\" of peer "
                + a.address() + " in upstream \"backend\"\n")).contains("[warn]");
    }

    @Test void passesConsecutiveSuccessesBringAPeerBackAfterItRestarts() throws Exception {
        OriginServer a = origin("a");
        int port = a.port();
        TestUpstream group = TestUpstream.of("restarting", port);
        HealthCheck check = HealthCheck.attach(group, every(150).withCounts(1, 2), null);
        PeerHealth h = check.peers().get(0);
        run(check);
        await("a first pass", LIMIT, () -> h.status().checks() >= 1);
        origins.remove(a);
        a.close();
        awaitState(h, State.UNHEALTHY);
        assertThat(h.status().lastError()).isEqualTo("connect() failed (111: Connection refused) while connecting to upstream");
        logWith(log, "connect() failed (111: Connection refused) while connecting to upstream, health check \"\" of peer 127.0.0.1:"
                + port + " in upstream \"restarting\"");
        origins.add(OriginServer.start("a again", port));
        List<PeerStatus> seen = new ArrayList<>();
        await("healthy again", LIMIT, () -> {
            PeerStatus s = h.status();
            seen.add(s);
            return s.state() == State.HEALTHY;
        });
        for (PeerStatus s : seen) {
            if (s.state() == State.UNHEALTHY) {
                assertThat(s.consecutivePasses()).isLessThan(2);
            }
        }
        assertThat(seen).anyMatch(s -> s.state() == State.UNHEALTHY && s.consecutivePasses() == 1);
        assertThat(seen.get(seen.size() - 1).consecutivePasses()).isGreaterThanOrEqualTo(2);
        logWith(log, "[notice] ");
        logWith(log, "peer is healthy while checking status code, health check \"\" of peer 127.0.0.1:" + port + " in upstream \"restarting\"");
    }

    @Test void aHangingPeerTimesOutAndAClosingOneIsCutShort() throws Exception {
        OriginServer a = origin("a");
        TestUpstream group = TestUpstream.of("slow", a.port(), a.port());
        HealthCheck hang = HealthCheck.attach(TestUpstream.of("slow", a.port()), every(200).withUri("/hang"), null);
        HealthCheck close = HealthCheck.attach(group, every(200).withUri("/close"), null);
        run(hang, close);
        awaitState(hang.peers().get(0), State.UNHEALTHY);
        awaitState(close.peers().get(0), State.UNHEALTHY);
        assertThat(hang.peers().get(0).status().lastError())
                .isEqualTo("upstream timed out (110: Connection timed out) while reading response header from upstream");
        assertThat(close.peers().get(0).status().lastError())
                .isEqualTo("upstream prematurely closed connection while reading response header from upstream");
    }

    @Test void aMatchBlockDecidesOnStatusHeadersAndBody() throws Exception {
        Map<String, Match> m = HealthFixtures.matches("""
                match welcome { status 200; header Content-Type = text/html; body ~ "Welcome to [a-z]+!"; }
                match maintenance { status 200-399; body !~ "maintenance mode"; }
                match no_refresh { status ! 301-303 307; header ! Refresh; }
                """);
        OriginServer a = origin("a");
        TestUpstream group = TestUpstream.of("matched", a.port());
        String welcome = "/respond?status=200&h=Content-Type:text/html&body=Welcome%20to%20pier!";
        HealthCheck passes = HealthCheck.attach(group, every(100).withUri(welcome), m.get("welcome"));
        HealthCheck wrongBody = HealthCheck.attach(group, every(100).withUri("/respond?status=200&h=Content-Type:text/html&body=Welcome"), m.get("welcome"));
        HealthCheck inMaintenance = HealthCheck.attach(group, every(100).withUri("/respond?status=200&body=in%20maintenance%20mode"), m.get("maintenance"));
        HealthCheck refresh = HealthCheck.attach(group, every(100).withUri("/respond?status=200&h=Refresh:5"), m.get("no_refresh"));
        HealthCheck redirect = HealthCheck.attach(group, every(100).withUri("/respond?status=302"), m.get("no_refresh"));
        run(passes, wrongBody, inMaintenance, refresh, redirect);
        await("the first probe of every check", LIMIT, () -> List.of(passes, wrongBody, inMaintenance, refresh, redirect).stream()
                .allMatch(c -> c.peers().get(0).status().checks() >= 1));
        assertThat(passes.peers().get(0).state()).isEqualTo(State.HEALTHY);
        awaitState(wrongBody.peers().get(0), State.UNHEALTHY);
        assertThat(wrongBody.peers().get(0).status().lastError()).isEqualTo("failed while checking body (status 200)");
        awaitState(inMaintenance.peers().get(0), State.UNHEALTHY);
        awaitState(refresh.peers().get(0), State.UNHEALTHY);
        assertThat(refresh.peers().get(0).status().lastError()).isEqualTo("failed while checking header (status 200)");
        awaitState(redirect.peers().get(0), State.UNHEALTHY);
        assertThat(redirect.peers().get(0).status().lastError()).isEqualTo("failed while checking status code (status 302)");
        // one failing check of several keeps the peer out, as nginx Plus says
        assertThat(group.peer(0).admitted()).isFalse();
        logWith(log, "peer is unhealthy while checking body, health check \"welcome\" of peer " + a.address() + " in upstream \"matched\"");
    }

    @Test void aGarbageAnswerFailsAndBodiesAreReadOnlyAsFarAsTheLimit() throws Exception {
        Map<String, Match> m = HealthFixtures.matches("""
                match pattern { body ~ "0123456789abc"; }
                match far { body ~ "never in the first 256k"; }
                match letters { body ~ "^a{100}b{100}c{100}d{100}e{100}$"; }
                """);
        OriginServer a = origin("a");
        TestUpstream group = TestUpstream.of("bodies", a.port());
        HealthCheck garbage = HealthCheck.attach(TestUpstream.of("garbage",
                rawServer("this is not http\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))), every(200), null);
        TestUpstream bigGroup = TestUpstream.of("big", rawServer(bigResponse(4_000_000)));
        HealthCheck big = HealthCheck.attach(bigGroup, every(200), m.get("pattern"));
        HealthCheck chunked = HealthCheck.attach(group, every(200).withUri("/chunked?n=5&size=100"), m.get("letters"));
        HealthCheck beyond = HealthCheck.attach(bigGroup, every(200), m.get("far"));
        run(garbage, big, chunked, beyond);
        awaitState(garbage.peers().get(0), State.UNHEALTHY);
        assertThat(garbage.peers().get(0).status().lastError()).isEqualTo("upstream sent no valid HTTP/1.0 header while reading response header from upstream");
        await("two probes of the big bodies", LIMIT, () -> big.peers().get(0).status().checks() >= 2
                && chunked.peers().get(0).status().checks() >= 2);
        assertThat(big.peers().get(0).state()).as(String.valueOf(big.peers().get(0).status())).isEqualTo(State.HEALTHY);
        assertThat(chunked.peers().get(0).state()).isEqualTo(State.HEALTHY);
        awaitState(beyond.peers().get(0), State.UNHEALTHY);
        // judged on the first 256 KB, then closed: not a read of the whole body
        assertThat(beyond.peers().get(0).status().lastError()).isEqualTo("failed while checking body (status 200)");
    }

    /** A backend that answers every connection with {@code answer} (written whole, unless the client goes), then closes; its port. */
    private int rawServer(byte[] answer) throws IOException {
        java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        closers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (java.net.Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write(answer);
                } catch (IOException e) {
                    // closed at the end of the test, or a probe that went away mid-answer
                }
            }
        });
        return server.getLocalPort();
    }

    /** A 200 response with a {@code size}-byte body of "0123456789abcdefghijklmnopqrstuvwxyz\n" repeated. */
    private static byte[] bigResponse(int size) {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] pattern = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(head, head.length + size);
        for (int i = 0; i < size; i++) {
            out[head.length + i] = pattern[i % pattern.length];
        }
        return out;
    }

    @Test void mandatoryHoldsAPeerBackUntilItsFirstProbePasses() throws Exception {
        OriginServer a = origin("a");
        int dead = HealthFixtures.deadPort();
        TestUpstream group = TestUpstream.of("held", a.port(), dead);
        HealthCheck check = HealthCheck.attach(group, every(1000).withUri("/status/200").withMandatory(true, false).withCounts(3, 3), null);
        // held back from the moment the configuration is loaded, before any probe
        assertThat(group.peer(0).admitted()).isFalse();
        assertThat(group.peer(1).admitted()).isFalse();
        assertThat(check.peers().get(0).status().state()).isEqualTo(State.CHECKING);
        run(check);
        // the first result decides, whatever passes= and fails= say
        List<PeerStatus> seen = new ArrayList<>();
        await("both decided", LIMIT, () -> {
            PeerStatus up = check.peers().get(0).status();
            PeerStatus down = check.peers().get(1).status();
            seen.add(up);
            seen.add(down);
            return up.state() == State.HEALTHY && down.state() == State.UNHEALTHY;
        });
        assertThat(seen).allMatch(s -> s.checks() == 0 || s.state() != State.CHECKING);
        assertThat(seen).anyMatch(s -> s.state() == State.HEALTHY && s.checks() == 1);
        assertThat(seen).anyMatch(s -> s.state() == State.UNHEALTHY && s.checks() == 1);
        assertThat(group.peer(0).admitted()).isTrue();
        assertThat(group.peer(1).admitted()).isFalse();
    }

    @Test void withoutMandatoryPeersStartHealthy() {
        TestUpstream group = TestUpstream.of("plain", 1);
        HealthCheck.attach(group, HealthCheckSpec.DEFAULTS, null);
        assertThat(group.peer(0).admitted()).isTrue();
    }

    @Test void slowStartRampsTheWeightShareAfterAPeerRecovers() throws Exception {
        OriginServer a = origin("a");
        int port = a.port();
        TestUpstream group = TestUpstream.of("ramp", port, port);
        group.peer(0).slowStartMillis = 1000;
        HealthCheck check = HealthCheck.attach(group, every(100), null);
        PeerHealth h = check.peers().get(0);
        PeerHealth noSlowStart = check.peers().get(1);
        run(check);
        await("a first pass", LIMIT, () -> h.status().checks() >= 1);
        // healthy from the start: no ramp
        assertThat(h.weightShare(System.nanoTime())).isEqualTo(1.0);
        origins.remove(a);
        a.close();
        awaitState(h, State.UNHEALTHY);
        origins.add(OriginServer.start("a again", port));
        awaitState(h, State.HEALTHY);
        long t0 = System.nanoTime();
        double now = h.weightShare(t0);
        double half = h.weightShare(t0 + 500_000_000L);
        double later = h.weightShare(t0 + 800_000_000L);
        assertThat(now).isBetween(PeerHealth.MIN_SHARE, 0.35);
        assertThat(half).isBetween(0.49, 0.8);
        assertThat(later).isGreaterThan(half);
        assertThat(h.weightShare(t0 + 1_001_000_000L)).isEqualTo(1.0);
        assertThat(noSlowStart.weightShare(t0)).isEqualTo(1.0);
        assertThat(h.status().weightShare()).isBetween(PeerHealth.MIN_SHARE, 1.0);
    }

    @Test void slowStartIsIgnoredInAGroupOfOne() throws Exception {
        OriginServer a = origin("a");
        TestUpstream group = TestUpstream.of("single", a.port());
        group.peer(0).slowStartMillis = 60_000;
        HealthCheck check = HealthCheck.attach(group, every(100).withMandatory(true, false), null);
        run(check);
        awaitState(check.peers().get(0), State.HEALTHY);
        assertThat(check.peers().get(0).weightShare(System.nanoTime())).isEqualTo(1.0);
    }

    @Test void aMandatoryPeerRampsUpAfterItsFirstPass() throws Exception {
        OriginServer a = origin("a");
        TestUpstream group = TestUpstream.of("new", a.port(), a.port());
        group.peer(0).slowStartMillis = 30_000;
        HealthCheck check = HealthCheck.attach(group, every(100).withMandatory(true, false), null);
        run(check);
        awaitState(check.peers().get(0), State.HEALTHY);
        assertThat(check.peers().get(0).weightShare(System.nanoTime())).isLessThan(0.1);
    }

    @Test void portProbesAnotherPortOfThePeersAddress() throws Exception {
        OriginServer a = origin("a");
        int dead = HealthFixtures.deadPort();
        HealthCheck toLive = HealthCheck.attach(TestUpstream.of("ported", dead), every(100).withPort(a.port()), null);
        HealthCheck toDead = HealthCheck.attach(TestUpstream.of("ported", a.port()), every(100).withPort(dead), null);
        run(toLive, toDead);
        await("probes through the port", LIMIT, () -> toLive.peers().get(0).status().checks() >= 2);
        assertThat(toLive.peers().get(0).state()).isEqualTo(State.HEALTHY);
        awaitState(toDead.peers().get(0), State.UNHEALTHY);
        logWith(log, "peer is unhealthy while connecting to upstream, health check \"\" of peer " + a.address()
                + " in upstream \"ported\", port " + dead + "\n");
    }

    @Test void theIntervalIsHonoured() throws Exception {
        OriginServer a = origin("a");
        HealthCheck check = HealthCheck.attach(TestUpstream.of("timed", a.port()), every(200).withUri("/status/200"), null);
        run(check);
        Thread.sleep(2000);
        int probes = a.requests();
        assertThat(probes).isGreaterThanOrEqualTo(3);
        // not a busy loop either: 2 s at one probe per 200 ms is about 10
        assertThat(probes).isLessThanOrEqualTo(14);
    }

    @Test void jitterDelaysProbesWithinItsBound() throws Exception {
        OriginServer a = origin("a");
        HealthCheckSpec spec = new HealthCheckSpec(100, 400, 1, 1, "/status/200", null, 0, false, false);
        HealthCheck check = HealthCheck.attach(TestUpstream.of("jittered", a.port()), spec, null);
        run(check);
        Thread.sleep(2000);
        int probes = a.requests();
        // each pause is 100 ms plus 0..400 ms (300 ms on average): about 7 probes; without the jitter about 20
        assertThat(probes).isBetween(3, 13);
    }

    @Test void noProbeRunsAfterStop() throws Exception {
        OriginServer a = origin("a");
        HealthCheck check = HealthCheck.attach(TestUpstream.of("stopped", a.port(), a.port()), every(50), null);
        HealthChecks set = run(check);
        await("probes", LIMIT, () -> a.requests() >= 4);
        set.stop();
        Thread.sleep(100);   // requests already on the wire reach the origin
        int after = a.requests();
        Thread.sleep(500);
        assertThat(a.requests()).isEqualTo(after);
    }

    @Test void persistentCarriesAHealthyStateOverAReload() throws Exception {
        OriginServer a = origin("a");
        HealthCheckSpec spec = every(5000).withMandatory(true, true);
        HealthCheck before = HealthCheck.attach(TestUpstream.of("kept", a.port()), spec, null);
        HealthChecks first = run(before);
        awaitState(before.peers().get(0), State.HEALTHY);
        HealthCheck persistent = HealthCheck.attach(TestUpstream.of("kept", a.port()), spec, null);
        HealthCheck plain = HealthCheck.attach(TestUpstream.of("kept", a.port()), every(5000).withMandatory(true, false), null);
        HealthChecks second = new HealthChecks();
        second.add(persistent);
        second.add(plain);
        running.add(second);
        second.start(loops, first);
        first.stop();
        // before any probe of the new configuration could end (the first is due at once, but the state is read now)
        assertThat(persistent.peers().get(0).state()).isEqualTo(State.HEALTHY);
        assertThat(plain.peers().get(0).status().checks()).isLessThanOrEqualTo(1);
    }
}

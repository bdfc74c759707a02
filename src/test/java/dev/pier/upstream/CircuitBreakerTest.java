package dev.pier.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.upstream.Groups.FakeClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pier's circuit breaker: closed, open, half-open and back, by error ratio and by latency. */
class CircuitBreakerTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @TempDir Path dir;
    private long now = 5 * S;

    private static CircuitBreaker breaker(int errors, long latency, int percentile, int minRequests, int probes) {
        return new CircuitBreaker(new CircuitBreaker.Spec(errors, latency, percentile, 10 * S, minRequests, 30 * S, probes));
    }

    private void feed(CircuitBreaker b, int n, AttemptResult result, long latency) {
        for (int i = 0; i < n; i++) {
            assertThat(b.claim(now)).isTrue();
            b.record(result, latency, now);
            now += MS;
        }
    }

    @Test void opensWhenTheErrorRatioReachesTheThresholdOverMinRequests() {
        CircuitBreaker b = breaker(50, 0, 0, 20, 3);
        feed(b, 10, AttemptResult.OK, 5 * MS);
        feed(b, 9, AttemptResult.FAILED, -1);
        assertThat(b.stateName()).isEqualTo("closed");
        assertThat(b.record(AttemptResult.FAILED, -1, now)).isTrue();
        assertThat(b.stateName()).isEqualTo("open");
        assertThat(b.admits(now)).isFalse();
        assertThat(b.claim(now)).isFalse();
    }

    @Test void fewerThanMinRequestsNeverOpen() {
        CircuitBreaker b = breaker(50, 0, 0, 20, 3);
        feed(b, 19, AttemptResult.FAILED, -1);
        assertThat(b.stateName()).isEqualTo("closed");
    }

    @Test void nextAndOkAreNotErrors() {
        CircuitBreaker b = breaker(10, 0, 0, 5, 3);
        feed(b, 50, AttemptResult.NEXT, 1 * MS);
        feed(b, 50, AttemptResult.OK, 1 * MS);
        assertThat(b.stateName()).isEqualTo("closed");
    }

    @Test void halfOpenAdmitsProbesAndClosesWhenTheyAllSucceed() {
        CircuitBreaker b = breaker(50, 0, 0, 4, 3);
        feed(b, 4, AttemptResult.FAILED, -1);
        assertThat(b.stateName()).isEqualTo("open");
        now += 29 * S;
        assertThat(b.admits(now)).isFalse();
        now += S;
        assertThat(b.admits(now)).isTrue();
        assertThat(b.claim(now)).isTrue();
        assertThat(b.stateName()).isEqualTo("half-open");
        assertThat(b.claim(now)).isTrue();
        assertThat(b.claim(now)).isTrue();
        // three probes out: a fourth request is refused until they answer
        assertThat(b.admits(now)).isFalse();
        assertThat(b.claim(now)).isFalse();
        b.record(AttemptResult.OK, MS, now);
        b.record(AttemptResult.OK, MS, now);
        assertThat(b.stateName()).isEqualTo("half-open");
        b.record(AttemptResult.OK, MS, now);
        assertThat(b.stateName()).isEqualTo("closed");
        // closed with an empty window: the old failures are forgotten
        feed(b, 3, AttemptResult.FAILED, -1);
        assertThat(b.stateName()).isEqualTo("closed");
    }

    @Test void aFailedProbeOpensAgain() {
        CircuitBreaker b = breaker(50, 0, 0, 4, 2);
        feed(b, 4, AttemptResult.FAILED, -1);
        now += 30 * S;
        assertThat(b.claim(now)).isTrue();
        assertThat(b.record(AttemptResult.FAILED, -1, now)).isTrue();
        assertThat(b.stateName()).isEqualTo("open");
        assertThat(b.admits(now + 29 * S)).isFalse();
        assertThat(b.admits(now + 30 * S)).isTrue();
    }

    @Test void aSlowProbeOpensAgain() {
        CircuitBreaker b = breaker(50, 100 * MS, 0, 4, 2);
        feed(b, 4, AttemptResult.FAILED, -1);
        now += 30 * S;
        assertThat(b.claim(now)).isTrue();
        b.record(AttemptResult.OK, 150 * MS, now);
        assertThat(b.stateName()).isEqualTo("open");
    }

    @Test void opensWhenTheMeanLatencyIsOverTheThreshold() {
        CircuitBreaker b = breaker(101, 100 * MS, 0, 10, 3);
        feed(b, 10, AttemptResult.OK, 50 * MS);
        feed(b, 5, AttemptResult.OK, 140 * MS);
        // mean (500 + 700) / 15 = 80 ms
        assertThat(b.stateName()).isEqualTo("closed");
        feed(b, 1, AttemptResult.OK, 300 * MS);
        // (1200 + 300) / 16 = 94 ms
        assertThat(b.stateName()).isEqualTo("closed");
        feed(b, 1, AttemptResult.OK, 300 * MS);
        // (1200 + 600) / 17 = 106 ms
        assertThat(b.stateName()).isEqualTo("open");
    }

    @Test void opensWhenThePercentileIsOverTheThreshold() {
        CircuitBreaker p90 = breaker(101, 100 * MS, 90, 20, 3);
        feed(p90, 19, AttemptResult.OK, 10 * MS);
        feed(p90, 1, AttemptResult.OK, 500 * MS);
        // 1 in 20 over 100 ms: p90 is still under it
        assertThat(p90.stateName()).isEqualTo("closed");
        feed(p90, 2, AttemptResult.OK, 500 * MS);
        // 3 in 22: more than 10% over, so p90 is over
        assertThat(p90.stateName()).isEqualTo("open");
    }

    @Test void resultsOlderThanTheWindowNoLongerCount() {
        CircuitBreaker b = breaker(50, 0, 0, 10, 3);
        feed(b, 9, AttemptResult.FAILED, -1);
        now += 11 * S;
        feed(b, 9, AttemptResult.OK, MS);
        feed(b, 1, AttemptResult.FAILED, -1);
        assertThat(b.stateName()).isEqualTo("closed");
    }

    @Test void anOpenCircuitTakesThePeerOutOfTheGroup() {
        FakeClock clock = new FakeClock();
        UpstreamGroup g = Groups.group(dir, "upstream u { circuit_breaker errors=50% min_requests=4 open=10s probes=1;"
                + " server 127.0.0.1:1 max_fails=0; server 127.0.0.2:1 max_fails=0; }", clock);
        Peer a = (Peer) g.peers().get(0);
        int failed = 0;
        while (failed < 4) {
            Attempts at = g.start(null, null, null);
            UpstreamPeer p = at.next();
            at.done(p, p == a ? AttemptResult.FAILED : AttemptResult.OK, 1, 1);
            failed += p == a ? 1 : 0;
        }
        assertThat(a.breaker.stateName()).isEqualTo("open");
        assertThat(a.failedRecently(clock.now)).isFalse();
        assertThat(Groups.counts(g, 10, false)).containsOnlyKeys("127.0.0.2:1");
        clock.advanceSeconds(10);
        // half-open: one probe; while it runs, a stays out
        Attempts probe = null;
        for (int i = 0; i < 4 && probe == null; i++) {
            Attempts at = g.start(null, null, null);
            UpstreamPeer p = at.next();
            if (p == a) {
                probe = at;
            } else {
                at.done(p, AttemptResult.OK, 1, 1);
            }
        }
        assertThat(probe).isNotNull();
        assertThat(Groups.counts(g, 6, false)).containsOnlyKeys("127.0.0.2:1");
        probe.done(a, AttemptResult.OK, 1, 1);
        assertThat(a.breaker.stateName()).isEqualTo("closed");
        assertThat(Groups.counts(g, 6, false)).containsEntry("127.0.0.1:1", 3);
    }
}

package dev.pier.upstream;

import static dev.pier.upstream.Groups.pick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.upstream.Groups.FakeClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default method and the passive health every nginx balancer shares, driven pick by pick. */
class RoundRobinTest {
    @TempDir Path dir;
    private final FakeClock clock = new FakeClock();

    private UpstreamGroup group(String servers) {
        return Groups.group(dir, "upstream u {\n" + servers + "\n}", clock);
    }

    @Test void weights5_1_1GiveNginxsSmoothSequence() {
        UpstreamGroup g = group("server 127.0.0.1:1 weight=5; server 127.0.0.2:1; server 127.0.0.3:1;");
        List<String> seq = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            seq.add(pick(g, null, AttemptResult.OK).substring(8, 9));
        }
        // nginx's documented sequence { a, a, b, a, c, a, a }, twice
        assertThat(String.join(" ", seq)).isEqualTo("1 1 2 1 3 1 1 1 1 2 1 3 1 1");
    }

    @Test void weightsAreHonouredOver10000Requests() {
        UpstreamGroup g = group("server 127.0.0.1:1 weight=5; server 127.0.0.2:1 weight=3; server 127.0.0.3:1 weight=2;");
        Map<String, Integer> c = Groups.counts(g, 10_000, false);
        assertThat(c).containsEntry("127.0.0.1:1", 5000).containsEntry("127.0.0.2:1", 3000).containsEntry("127.0.0.3:1", 2000);
    }

    @Test void aRequestTriesEachPeerOnceThenGetsNone() {
        UpstreamGroup g = group("server 127.0.0.1:1; server 127.0.0.2:1 down; server 127.0.0.3:1; server 127.0.0.4:1 backup;");
        Attempts a = g.start(null, null, null);
        assertThat(a.tries()).isEqualTo(3);
        List<String> tried = new ArrayList<>();
        for (UpstreamPeer p = a.next(); p != null; p = a.next()) {
            tried.add(p.name());
            a.done(p, AttemptResult.NEXT, -1, -1);
        }
        // the primaries in turn, never the down one, then the backup once they are all tried
        assertThat(tried).containsExactly("127.0.0.1:1", "127.0.0.3:1", "127.0.0.4:1");
    }

    @Test void failuresDisableAPeerForFailTimeoutThenOneTrialDecides() {
        UpstreamGroup g = group("server 127.0.0.1:1 max_fails=2 fail_timeout=10; server 127.0.0.2:1;");
        Peer a = (Peer) g.peers().get(0);
        failOnce(g, a);
        assertThat(a.failedRecently(clock.now)).isFalse();
        failOnce(g, a);
        assertThat(a.failedRecently(clock.now)).isTrue();
        assertThat(Groups.counts(g, 6, false)).containsOnlyKeys("127.0.0.2:1");

        clock.advanceSeconds(10.5);
        // after fail_timeout a is a candidate again; the request that picks it is its one trial
        Attempts trial = null;
        UpstreamPeer p = null;
        for (int i = 0; i < 10 && p != a; i++) {
            trial = g.start(null, null, null);
            p = trial.next();
            if (p != a) {
                trial.done(p, AttemptResult.OK, 1, 1);
            }
        }
        assertThat(p).isSameAs(a);
        assertThat(Groups.counts(g, 4, false)).containsOnlyKeys("127.0.0.2:1");
        trial.done(p, AttemptResult.FAILED, -1, -1);
        assertThat(a.fails()).isEqualTo(3);
        clock.advanceSeconds(5);
        assertThat(Groups.counts(g, 4, false)).containsOnlyKeys("127.0.0.2:1");

        clock.advanceSeconds(5.5);
        failOrSucceedTrial(g, a, AttemptResult.OK);
        assertThat(a.fails()).isZero();
        assertThat(Groups.counts(g, 4, false)).containsOnlyKeys("127.0.0.1:1", "127.0.0.2:1");
    }

    @Test void failuresCountOnlyWithinFailTimeout() {
        UpstreamGroup g = group("server 127.0.0.1:1 max_fails=2 fail_timeout=10; server 127.0.0.2:1;");
        Peer a = (Peer) g.peers().get(0);
        failOnce(g, a);
        clock.advanceSeconds(11);
        // a success on a pick made after the failure's period clears the count (nginx's accessed < checked)
        Groups.counts(g, 4, false);
        assertThat(a.fails()).isZero();
        failOnce(g, a);
        assertThat(a.failedRecently(clock.now)).isFalse();
    }

    @Test void aSuccessWithinTheFailurePeriodKeepsTheCount() {
        UpstreamGroup g = group("server 127.0.0.1:1 max_fails=3 fail_timeout=10; server 127.0.0.2:1;");
        Peer a = (Peer) g.peers().get(0);
        failOnce(g, a);
        clock.advanceSeconds(1);
        Groups.counts(g, 4, false);
        assertThat(a.fails()).isEqualTo(1);
    }

    @Test void nextDoesNotCountAsAFailure() {
        UpstreamGroup g = group("server 127.0.0.1:1 max_fails=1; server 127.0.0.2:1;");
        Peer a = (Peer) g.peers().get(0);
        for (int i = 0; i < 4; i++) {
            Attempts at = g.start(null, null, null);
            UpstreamPeer p = at.next();
            at.done(p, AttemptResult.NEXT, -1, -1);
        }
        assertThat(a.fails()).isZero();
        assertThat(a.failedRecently(clock.now)).isFalse();
    }

    @Test void whenEveryPeerIsDownThereIsNoLiveUpstreamAndNothingIsReset() {
        UpstreamGroup g = group("server 127.0.0.1:1; server 127.0.0.2:1;");
        Attempts a = g.start(null, null, null);
        for (UpstreamPeer p = a.next(); p != null; p = a.next()) {
            a.done(p, AttemptResult.FAILED, -1, -1);
        }
        // nginx 1.22: the next request gets "no live upstreams" at once (checked against nginx: no connect made)
        assertThat(pick(g, null, AttemptResult.OK)).isNull();
        clock.advanceSeconds(5);
        assertThat(pick(g, null, AttemptResult.OK)).isNull();
        clock.advanceSeconds(5.1);
        assertThat(pick(g, null, AttemptResult.OK)).isNotNull();
    }

    @Test void aSinglePeerIsNeverDisabled() {
        UpstreamGroup g = group("server 127.0.0.1:1 max_fails=1;");
        for (int i = 0; i < 5; i++) {
            assertThat(pick(g, null, AttemptResult.FAILED)).isEqualTo("127.0.0.1:1");
        }
        Attempts a = g.start(null, null, null);
        assertThat(a.tries()).isEqualTo(1);
        a.done(a.next(), AttemptResult.FAILED, -1, -1);
        assertThat(a.next()).isNull();
    }

    @Test void aDownSinglePeerIsNoLiveUpstream() {
        UpstreamGroup g = group("server 127.0.0.1:1 down;");
        assertThat(pick(g, null, AttemptResult.OK)).isNull();
    }

    @Test void backupsServeOnlyWhileNoPrimaryIsUsable() {
        UpstreamGroup g = group("server 127.0.0.1:1; server 127.0.0.2:1; server 127.0.0.3:1 backup; server 127.0.0.4:1 backup weight=3;");
        assertThat(Groups.counts(g, 100, false)).containsOnlyKeys("127.0.0.1:1", "127.0.0.2:1");
        for (int i = 0; i < 2; i++) {
            Attempts a = g.start(null, null, null);
            UpstreamPeer p = a.next();
            a.done(p, AttemptResult.FAILED, -1, -1);
        }
        Map<String, Integer> c = Groups.counts(g, 400, false);
        assertThat(c).containsOnlyKeys("127.0.0.3:1", "127.0.0.4:1");
        assertThat(c.get("127.0.0.4:1")).isEqualTo(300);
        clock.advanceSeconds(11);
        assertThat(Groups.counts(g, 10, false)).containsOnlyKeys("127.0.0.1:1", "127.0.0.2:1");
    }

    @Test void maxConnsLimitsActiveAttemptsAcrossRequests() {
        UpstreamGroup g = group("server 127.0.0.1:1 max_conns=2; server 127.0.0.2:1 max_conns=1;");
        List<Attempts> open = new ArrayList<>();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Attempts a = g.start(null, null, null);
            UpstreamPeer p = a.next();
            got.add(p == null ? "none" : p.name());
            open.add(a);
        }
        assertThat(got).containsExactlyInAnyOrder("127.0.0.1:1", "127.0.0.1:1", "127.0.0.2:1", "none");
        Peer first = (Peer) g.peers().get(0);
        assertThat(first.conns()).isEqualTo(2);
        Attempts holder = open.get(got.indexOf("127.0.0.2:1"));
        holder.done(g.peers().get(1), AttemptResult.OK, 1, 1);
        assertThat(pick(g, null, AttemptResult.OK)).isEqualTo("127.0.0.2:1");
    }

    @Test void aFailureLowersTheEffectiveWeightWhichRecoversPickByPick() {
        UpstreamGroup g = group("server 127.0.0.1:1 weight=10 max_fails=2; server 127.0.0.2:1 weight=10;");
        // the tie goes to the first peer; its failure takes weight/max_fails = 5 off its effective weight
        assertThat(pick(g, null, AttemptResult.FAILED)).isEqualTo("127.0.0.1:1");
        assertThat(g.primary.weights().effective[0]).isEqualTo(5);
        List<String> seq = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seq.add(pick(g, null, AttemptResult.OK).substring(8, 9));
        }
        // worked by hand through ngx_http_upstream_get_peer: 5,6,7.. back to 10, one step per pick
        assertThat(String.join(" ", seq)).isEqualTo("2 2 2 1 2 1 2 1 2 1");
        assertThat(g.primary.weights().effective[0]).isEqualTo(10);
    }

    @Test void guardsSkipAPeerAndScaleItsWeight() {
        UpstreamGroup g = group("server 127.0.0.1:1; server 127.0.0.2:1; server 127.0.0.3:1;");
        boolean[] healthy = {false};
        g.peers().get(0).guard(now -> healthy[0]);
        g.peers().get(1).guard(new PeerGuard() {
            @Override public boolean admits(long now) { return true; }

            @Override public double weightShare(long now) { return 0.25; }
        });
        assertThat(Groups.counts(g, 100, false)).containsOnlyKeys("127.0.0.2:1", "127.0.0.3:1")
                .containsEntry("127.0.0.2:1", 20).containsEntry("127.0.0.3:1", 80);
        healthy[0] = true;
        assertThat(Groups.counts(g, 900, false)).containsEntry("127.0.0.1:1", 400).containsEntry("127.0.0.2:1", 100);
    }

    @Test void theGroupOfAProxyPassHostIsRoundRobinWithMaxFailsOne() {
        Upstream u = Upstreams.implicit("h:80", List.of(new java.net.InetSocketAddress("127.0.0.1", 80),
                new java.net.InetSocketAddress("127.0.0.2", 80)));
        PeerSelection s = u.select(null);
        assertThat(s.tries()).isEqualTo(2);
        UpstreamPeer first = s.next();
        s.done(first, AttemptResult.FAILED, -1, -1);
        UpstreamPeer second = s.next();
        assertThat(second).isNotSameAs(first);
        s.done(second, AttemptResult.OK, 1, 1);
        assertThat(s.next()).isNull();
        assertThat(u.keepalive()).isEqualTo(UpstreamKeepalive.NONE);
        // max_fails=1: the failed address is out for the next requests
        for (int i = 0; i < 3; i++) {
            PeerSelection t = u.select(null);
            UpstreamPeer p = t.next();
            assertThat(p).isSameAs(second);
            t.done(p, AttemptResult.OK, 1, 1);
        }
    }

    private void failOnce(UpstreamGroup g, Peer target) {
        failOrSucceedTrial(g, target, AttemptResult.FAILED);
    }

    /** Makes requests until one picks {@code target}, ends that attempt with {@code result}, the others OK. */
    private void failOrSucceedTrial(UpstreamGroup g, Peer target, AttemptResult result) {
        for (int i = 0; i < 100; i++) {
            Attempts a = g.start(null, null, null);
            UpstreamPeer p = a.next();
            if (p == target) {
                a.done(p, result, -1, -1);
                return;
            }
            a.done(p, AttemptResult.OK, 1, 1);
        }
        throw new AssertionError(target + " was never picked");
    }
}

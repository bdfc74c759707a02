package dev.pier.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every balancer over 10,000 requests: each peer's share of the traffic against its weight. */
class BalancerDistributionTest {
    private static final int N = 10_000;
    private static final String WEIGHTED = "server 127.0.0.1:1 weight=3; server 127.0.0.2:1 weight=2; server 127.0.0.3:1;";

    @TempDir Path dir;

    private UpstreamGroup group(String method) {
        return Groups.group(dir, "upstream u {\n" + method + "\n" + WEIGHTED + "\n}", null);
    }

    /** Each peer's share is its weight's (3/6, 2/6, 1/6) within {@code tolerance}. */
    private static void assertWeighted(Map<String, Integer> counts, double tolerance) {
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(N);
        assertThat(share(counts, "127.0.0.1:1")).isCloseTo(3 / 6.0, within(tolerance));
        assertThat(share(counts, "127.0.0.2:1")).isCloseTo(2 / 6.0, within(tolerance));
        assertThat(share(counts, "127.0.0.3:1")).isCloseTo(1 / 6.0, within(tolerance));
    }

    private static double share(Map<String, Integer> counts, String peer) {
        return counts.getOrDefault(peer, 0) / (double) N;
    }

    @Test void roundRobin() {
        assertWeighted(Groups.counts(group(""), N, false), 0.0001);
    }

    @Test void leastConnWithoutLoadIsWeightedRoundRobin() {
        assertWeighted(Groups.counts(group("least_conn;"), N, false), 0.0001);
    }

    @Test void leastConnFavoursTheLeastLoadedPerWeight() {
        UpstreamGroup g = group("least_conn;");
        // 3 running on the weight-3 peer and 1 on the weight-1 peer: conns/weight 1, 0, 1 -> the weight-2 peer
        Peer heavy = (Peer) g.peers().get(0);
        Peer light = (Peer) g.peers().get(2);
        for (int i = 0; i < 3; i++) {
            heavy.claim(0);
        }
        light.claim(0);
        Attempts a = g.start(null, null, null);
        assertThat(a.next().name()).isEqualTo("127.0.0.2:1");
        // with that request still running and one more there it is 1, 1, 1: a tie smooth round robin breaks by weight
        ((Peer) g.peers().get(1)).claim(0);
        Map<String, Integer> c = Groups.counts(g, 6, false);
        assertThat(c).containsEntry("127.0.0.1:1", 3).containsEntry("127.0.0.2:1", 2).containsEntry("127.0.0.3:1", 1);
    }

    @Test void ipHashOverClientNetworks() {
        UpstreamGroup g = group("ip_hash;");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < N; i++) {
            // a different /24 per client: ip_hash looks at the first three octets only
            byte[] octets = {10, (byte) (i >> 8), (byte) i};
            Attempts a = g.start(null, octets, null);
            UpstreamPeer p = a.next();
            a.done(p, AttemptResult.OK, 1, 1);
            counts.merge(p.name(), 1, Integer::sum);
        }
        assertWeighted(counts, 0.03);
    }

    @Test void ipHashKeepsAClientOnItsPeer() {
        UpstreamGroup g = group("ip_hash;");
        byte[] client = IpHash.octets(new java.net.InetSocketAddress("192.0.2.10", 5555));
        assertThat(client).containsExactly(192, 0, 2);
        String first = null;
        for (int i = 0; i < 50; i++) {
            Attempts a = g.start(null, client, null);
            UpstreamPeer p = a.next();
            a.done(p, AttemptResult.OK, 1, 1);
            first = first == null ? p.name() : first;
            assertThat(p.name()).isEqualTo(first);
        }
        assertThat(IpHash.octets(new java.net.InetSocketAddress("::1", 1))).hasSize(16);
    }

    @Test void hash() {
        assertWeighted(Groups.counts(group("hash $arg_k;"), N, true), 0.03);
    }

    @Test void hashConsistent() {
        assertWeighted(Groups.counts(group("hash $arg_k consistent;"), N, true), 0.04);
    }

    @Test void anEmptyHashKeyFallsBackToRoundRobin() {
        UpstreamGroup g = group("hash $arg_k consistent;");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            counts.merge(Groups.pick(g, "", AttemptResult.OK), 1, Integer::sum);
        }
        assertThat(counts).containsEntry("127.0.0.1:1", 300).containsEntry("127.0.0.2:1", 200).containsEntry("127.0.0.3:1", 100);
    }

    @Test void random() {
        assertWeighted(Groups.counts(group("random;"), N, false), 0.03);
    }

    @Test void randomTwoWithoutLoadTakesTheSecondOfTwoDistinctDraws() {
        Map<String, Integer> counts = Groups.counts(group("random two least_conn;"), N, false);
        // nginx keeps the second draw on equal load: P(i) = sum over j != i of p_j * p_i / (1 - p_j)
        double[] p = {3 / 6.0, 2 / 6.0, 1 / 6.0};
        String[] names = {"127.0.0.1:1", "127.0.0.2:1", "127.0.0.3:1"};
        for (int i = 0; i < 3; i++) {
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    expected += p[j] * p[i] / (1 - p[j]);
                }
            }
            assertThat(share(counts, names[i])).as(names[i]).isCloseTo(expected, within(0.03));
        }
    }

    @Test void randomTwoAvoidsTheLoadedPeer() {
        UpstreamGroup g = Groups.group(dir, "upstream u { random two; server 127.0.0.1:1; server 127.0.0.2:1; }", null);
        Attempts busy = null;
        for (int i = 0; i < 20 && busy == null; i++) {
            Attempts a = g.start(null, null, null);
            UpstreamPeer p = a.next();
            if (p.name().equals("127.0.0.1:1")) {
                busy = a;
            } else {
                a.done(p, AttemptResult.OK, 1, 1);
            }
        }
        assertThat(Groups.counts(g, 200, false)).containsOnlyKeys("127.0.0.2:1");
    }

    @Test void leastTimeWithEqualTimesIsWeightedRoundRobin() {
        assertWeighted(Groups.counts(group("least_time header;"), N, false), 0.0001);
    }

    @Test void leastTimeSendsSequentialRequestsToTheFasterPeer() {
        UpstreamGroup g = group("least_time header;");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < N; i++) {
            Attempts a = g.start(null, null, null);
            UpstreamPeer p = a.next();
            // the weight-1 peer answers in 1 ms, the others in 5 and 9 ms
            long t = p.name().equals("127.0.0.3:1") ? 1_000_000 : p.name().equals("127.0.0.2:1") ? 5_000_000 : 9_000_000;
            a.done(p, AttemptResult.OK, t, t * 2);
            counts.merge(p.name(), 1, Integer::sum);
        }
        assertThat(counts.get("127.0.0.3:1")).isGreaterThan(N - 10);
    }

    @Test void leastTimeSpreadsConcurrentRequestsByExpectedTime() {
        UpstreamGroup g = Groups.group(dir, "upstream u { least_time last_byte; server 127.0.0.1:1; server 127.0.0.2:1; }", null);
        // teach it: 1 is twice as fast as 2 to the last byte
        for (int i = 0; i < 50; i++) {
            Attempts a = g.start(null, null, null);
            UpstreamPeer p = a.next();
            long t = p.name().equals("127.0.0.1:1") ? 10_000_000 : 20_000_000;
            a.done(p, AttemptResult.OK, 1_000, t);
        }
        // hold 6 requests at once: cost = time x (1 + running) puts 4 on the fast peer, 2 on the slow one
        Map<String, Integer> held = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            held.merge(g.start(null, null, null).next().name(), 1, Integer::sum);
        }
        assertThat(held).containsEntry("127.0.0.1:1", 4).containsEntry("127.0.0.2:1", 2);
    }

    @Test void keysAreBytesOfTheRenderedTemplate() {
        UpstreamGroup g = group("hash $arg_k;");
        String a = Groups.pick(g, "same", AttemptResult.OK);
        for (int i = 0; i < 20; i++) {
            assertThat(Groups.pick(g, new String("same".getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1),
                    AttemptResult.OK)).isEqualTo(a);
        }
    }
}

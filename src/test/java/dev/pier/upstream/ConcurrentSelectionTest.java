package dev.pier.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several threads (as several event loops) selecting from one group at once. */
class ConcurrentSelectionTest {
    private static final int THREADS = 4;
    private static final int PICKS = 10_000;

    @TempDir Path dir;

    private static void run(Runnable body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.run();
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    @Test void maxConnsHoldsAcrossThreads() throws InterruptedException {
        UpstreamGroup g = Groups.group(dir, "upstream u { server 127.0.0.1:1 max_conns=2; server 127.0.0.2:1 max_conns=1; }", null);
        AtomicInteger over = new AtomicInteger();
        LongAdder none = new LongAdder();
        run(() -> {
            for (int i = 0; i < PICKS; i++) {
                Attempts a = g.start(null, null, null);
                Peer p = (Peer) a.next();
                if (p == null) {
                    none.increment();
                    continue;
                }
                if (p.conns() > p.maxConns) {
                    over.incrementAndGet();
                }
                Thread.onSpinWait();
                a.done(p, AttemptResult.OK, 1, 1);
            }
        });
        assertThat(over.get()).isZero();
        assertThat(g.peers()).allSatisfy(p -> assertThat(((Peer) p).conns()).isZero());
    }

    @Test void eachThreadRunsItsOwnSmoothRoundRobinAndTogetherTheyKeepTheWeights() throws InterruptedException {
        UpstreamGroup g = Groups.group(dir, "upstream u { server 127.0.0.1:1 weight=3; server 127.0.0.2:1; }", null);
        ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
        run(() -> {
            for (int i = 0; i < PICKS; i++) {
                counts.computeIfAbsent(Groups.pick(g, null, AttemptResult.OK), k -> new LongAdder()).increment();
            }
        });
        double heavy = counts.get("127.0.0.1:1").sum() / (double) (THREADS * PICKS);
        // each thread sends exactly 3 of 4 to the heavy peer: so do all of them together
        assertThat(heavy).isCloseTo(0.75, within(0.0001));
    }
}

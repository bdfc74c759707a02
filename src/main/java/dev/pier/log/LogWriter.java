package dev.pier.log;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import java.io.IOException;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that writes access log lines. Event loops only {@link #submit}: a bounded queue takes the
 * line or, when it is full because the disk stalls, the line is counted as dropped (with a warning in the
 * error log at most once a second) — a request never waits for a log. The thread also writes out buffers
 * whose {@code flush=} time has come, and reopens files on request.
 *
 * <p>Under load the handoff costs an event loop almost nothing: the queue is lock-free, the thread is not
 * woken per line but takes what is queued every few milliseconds, and writes it as one batch (one
 * {@code write(2)} per file instead of one per line).
 */
final class LogWriter {
    static final int DEFAULT_CAPACITY = 65_536;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Line(LogSink sink, String path, byte[] bytes) { }

    /** Wakes the thread for a reopen or flush. Not an interrupt: that would close the files' channels mid-write. */
    private static final Line WAKE = new Line(null, null, null);

    private static final class Holder {
        static final LogWriter GLOBAL = new LogWriter(DEFAULT_CAPACITY, "pier-access-log");
    }

    /** Lines a batch takes before its files are written out, so a long burst still reaches the disk steadily. */
    private static final int BATCH = 1024;

    private final Queue<Line> queue;
    /** True while the thread sleeps with nothing queued: the next submit must wake it. */
    private volatile boolean sleeping;
    /** How long the writer naps between batches while lines keep coming (the most a line waits then). */
    private static final long NAP = TimeUnit.MILLISECONDS.toNanos(5);
    /** When the queue was last found empty after lines (0 while lines come); writer thread only. */
    private long idleSince;
    private final Set<LogSink> sinks = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong written = new AtomicLong();
    private volatile boolean reopenRequested;
    private volatile boolean flushRequested;
    private final Thread thread;

    LogWriter(int capacity, String name) {
        this.queue = PlatformDependent.newFixedMpscQueue(capacity);
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        thread.start();
    }

    static LogWriter global() { return Holder.GLOBAL; }

    /** Makes {@code sink} known for reopen and timed flushes. */
    void register(LogSink sink) { sinks.add(sink); }

    /** Queues a line without ever blocking; false (and counted) when the queue is full. */
    boolean submit(LogSink sink, String path, byte[] line) {
        if (queue.offer(new Line(sink, path, line))) {
            wake();
            return true;
        }
        long n = dropped.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            ErrorLog.log(LogLevel.WARN, "access log queue is full, " + n + " lines dropped so far");
        }
        return false;
    }

    long dropped() { return dropped.get(); }

    /** Lines handed to their sinks so far. */
    long written() { return written.get(); }

    void reopenAll() {
        reopenRequested = true;
        queue.offer(WAKE);
        wake();
    }

    private void wake() {
        if (sleeping) {
            sleeping = false;
            LockSupport.unpark(thread);
        }
    }

    /** Writes out every buffer and waits (at most {@code millis}) until the queue is empty. */
    void flushAll(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        flushRequested = true;
        queue.offer(WAKE);
        wake();
        while ((flushRequested || !queue.isEmpty()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        int batched = 0;
        for (;;) {
            Line line = queue.poll();
            if (line != null && line != WAKE) {
                idleSince = 0;
                Line l = line;
                guarded(() -> l.sink.write(l.path, l.bytes));
                written.incrementAndGet();
                if (++batched < BATCH) {
                    continue;
                }
            }
            if (batched > 0) {
                batched = 0;
                for (LogSink s : sinks) {
                    guarded(s::endBatch);
                }
            }
            if (line == null) {
                idle();
            }
            if (reopenRequested) {
                reopenRequested = false;
                for (LogSink s : sinks) {
                    guarded(s::reopen);
                }
            }
            boolean flushEverything = flushRequested && queue.isEmpty();
            long now = System.nanoTime();
            for (LogSink s : sinks) {
                long d = s.flushDeadline();
                if (flushEverything || d != Long.MAX_VALUE && d - now <= 0) {
                    guarded(s::flush);
                }
            }
            if (flushEverything) {
                flushRequested = false;
            }
        }
    }

    /**
     * Waits for lines. While lines keep coming the thread naps {@link #NAP} at a time and nobody wakes it:
     * on a busy machine a woken writer would preempt the event loop for every line. Idle for a second, it
     * sleeps until a submit wakes it or the next {@code flush=} deadline, at most a second.
     */
    private void idle() {
        long now = System.nanoTime();
        long wait = Math.max(1, Math.min(nextDeadline() - now, TimeUnit.SECONDS.toNanos(1)));
        if (idleSince == 0) {
            idleSince = now;
        }
        if (now - idleSince < TimeUnit.SECONDS.toNanos(1)) {
            LockSupport.parkNanos(this, Math.min(wait, NAP));
            return;
        }
        sleeping = true;
        // a line queued between the poll and the flag would find nobody to wake it: look again
        if (queue.isEmpty() && !reopenRequested && !flushRequested) {
            LockSupport.parkNanos(this, wait);
        }
        sleeping = false;
    }

    private long nextDeadline() {
        long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (LogSink s : sinks) {
            long d = s.flushDeadline();
            if (d != Long.MAX_VALUE && d - next < 0) {
                next = d;
            }
        }
        return next;
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void guarded(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            ErrorLog.log(LogLevel.ALERT, e.getMessage());
        } catch (RuntimeException e) {
            ErrorLog.log(LogLevel.ALERT, "access log write failed: " + e);
        }
    }
}

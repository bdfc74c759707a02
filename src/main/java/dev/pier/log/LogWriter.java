package dev.pier.log;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that writes access log lines. Event loops only {@link #submit}: a bounded queue takes the
 * line or, when it is full because the disk stalls, the line is counted as dropped (with a warning in the
 * error log at most once a second) — a request never waits for a log. The thread also writes out buffers
 * whose {@code flush=} time has come, and reopens files on request.
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

    private final BlockingQueue<Line> queue;
    private final Set<LogSink> sinks = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong written = new AtomicLong();
    private volatile boolean reopenRequested;
    private volatile boolean flushRequested;
    private final Thread thread;

    LogWriter(int capacity, String name) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        thread.start();
    }

    static LogWriter global() { return Holder.GLOBAL; }

    /** Makes {@code sink} known for reopen and timed flushes. */
    void register(LogSink sink) { sinks.add(sink); }

    /** Queues a line without ever blocking; false (and counted) when the queue is full. */
    boolean submit(LogSink sink, String path, byte[] line) {
        if (queue.offer(new Line(sink, path, line))) {
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
    }

    /** Writes out every buffer and waits (at most {@code millis}) until the queue is empty. */
    void flushAll(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        flushRequested = true;
        queue.offer(WAKE);
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
        for (;;) {
            Line line;
            try {
                long wait = nextDeadline() - System.nanoTime();
                line = queue.poll(Math.max(1, Math.min(wait, TimeUnit.SECONDS.toNanos(1))), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                line = null;
            }
            if (reopenRequested) {
                reopenRequested = false;
                for (LogSink s : sinks) {
                    guarded(s::reopen);
                }
            }
            if (line != null && line != WAKE) {
                Line l = line;
                guarded(() -> l.sink.write(l.path, l.bytes));
                written.incrementAndGet();
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

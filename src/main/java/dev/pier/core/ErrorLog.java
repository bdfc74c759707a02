package dev.pier.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The error log in nginx's line layout ({@code 2026/11/23 10:00:00 [error] 1234#17: *5 message}). Lines go
 * through a bounded queue to one writer thread, so an event loop never waits for the disk; when the queue
 * is full the line is counted as dropped instead.
 */
public final class ErrorLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final long PID = ProcessHandle.current().pid();
    private static volatile ErrorLog current = new ErrorLog(null, LogLevel.ERROR);

    private final Path file;
    private final LogLevel threshold;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(8192);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean reopen;
    private volatile boolean closed;

    private ErrorLog(Path file, LogLevel threshold) {
        this.file = file;
        this.threshold = threshold;
        this.writer = Thread.ofPlatform().daemon().name("pier-error-log").unstarted(this::drain);
        writer.start();
    }

    /** Makes {@code file} (null for stderr) the log from now on, closing the previous one after it drains. */
    public static void install(Path file, LogLevel threshold) throws IOException {
        if (file != null && file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (file != null) {
            new FileOutputStream(file.toFile(), true).close();   // fail now, at start, if it cannot be opened
        }
        ErrorLog old = current;
        current = new ErrorLog(file, threshold);
        old.close();
    }

    public static ErrorLog get() { return current; }

    public static void log(LogLevel level, String message) { current.write(level, 0, message); }

    public static void log(LogLevel level, long connection, String message) { current.write(level, connection, message); }

    public boolean enabled(LogLevel level) { return threshold.allows(level); }

    public long dropped() { return dropped.get(); }

    /** Reopens the file on the writer thread (USR1, after logrotate moved it). */
    public void reopen() { reopen = true; }

    public void write(LogLevel level, long connection, String message) {
        if (!threshold.allows(level)) {
            return;
        }
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append(TIME.format(LocalDateTime.now())).append(" [").append(level.label()).append("] ")
                .append(PID).append('#').append(Thread.currentThread().threadId()).append(": ");
        if (connection > 0) {
            sb.append('*').append(connection).append(' ');
        }
        sb.append(message).append('\n');
        if (!queue.offer(sb.toString())) {
            dropped.incrementAndGet();
        }
    }

    /** Waits briefly for queued lines to be written (at exit). */
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void close() {
        closed = true;
        writer.interrupt();
    }

    private void drain() {
        OutputStream out = open();
        try {
            while (!closed || !queue.isEmpty()) {
                String line;
                try {
                    line = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    line = queue.poll();
                    if (line == null) {
                        if (closed) {
                            break;
                        }
                        continue;
                    }
                }
                if (reopen) {
                    reopen = false;
                    closeQuietly(out);
                    out = open();
                }
                if (line != null) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            System.err.println("pier: error log write failed: " + e.getMessage());
        } finally {
            closeQuietly(out);
        }
    }

    private OutputStream open() {
        if (file == null) {
            return new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true);
        }
        try {
            return new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            System.err.println("pier: cannot open error log " + file + ": " + e.getMessage());
            return new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true);
        }
    }

    private void closeQuietly(OutputStream out) {
        if (file == null) {
            return;   // never close stderr
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing useful to do: the next open reports
        }
    }
}

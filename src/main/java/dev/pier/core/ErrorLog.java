package dev.pier.core;

import dev.pier.log.Syslog;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An error log in nginx's line layout ({@code 2026/11/23 10:00:00 [error] 1234#17: *5 message}): one or
 * more targets (files, stderr, syslog), each with its own least severe level, as nginx allows several
 * {@code error_log} lines per level. The process-wide log is {@link #get()}; http, server and location
 * levels may have their own for request messages. Lines go through one bounded queue to one writer thread,
 * so an event loop never waits for the disk; when the queue is full the line is counted as dropped.
 */
public final class ErrorLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final long PID = ProcessHandle.current().pid();
    private static final BlockingQueue<Entry> QUEUE = new ArrayBlockingQueue<>(8192);
    private static final AtomicLong DROPPED = new AtomicLong();
    /** File targets by path, shared by every log naming the file (and across reloads). */
    private static final Map<Path, Target> FILES = new ConcurrentHashMap<>();
    private static final Target STDERR = new Target(null, null);
    private static volatile boolean reopen;
    private static volatile ErrorLog current = new ErrorLog(List.of(new Sink(STDERR, LogLevel.ERROR)));

    static {
        Thread.ofPlatform().daemon().name("pier-error-log").start(ErrorLog::drain);
    }

    /** Where lines go: a file (path), stderr (neither), or syslog. Its stream is used on the writer thread only. */
    private static final class Target {
        final Path file;
        final Syslog syslog;
        OutputStream out;

        Target(Path file, Syslog syslog) {
            this.file = file;
            this.syslog = syslog;
        }
    }

    private record Sink(Target target, LogLevel threshold) { }

    private record Entry(Target target, LogLevel level, String line) { }

    /** Queued by {@link #reopen}: lines queued before it still go to the files as they were. */
    private static final Entry REOPEN = new Entry(null, null, null);

    private final List<Sink> sinks;
    private final LogLevel widest;

    private ErrorLog(List<Sink> sinks) {
        this.sinks = List.copyOf(sinks);
        LogLevel w = LogLevel.EMERG;
        for (Sink s : sinks) {
            if (s.threshold.ordinal() > w.ordinal()) {
                w = s.threshold;
            }
        }
        this.widest = w;
    }

    /** Makes {@code file} (null for stderr) the process's log from now on (the {@code -e} option). */
    public static void install(Path file, LogLevel threshold) throws IOException {
        use(ofFile(file, threshold));
    }

    /** A log of one file (null: stderr), opened now: the {@code -e} option. */
    public static ErrorLog ofFile(Path file, LogLevel threshold) throws IOException {
        Target t = file == null ? STDERR : fileTarget(file, true);
        return new ErrorLog(List.of(new Sink(t, threshold)));
    }

    /** Makes {@code log} the process's log from now on (start, and a reload that passed every check). */
    public static void use(ErrorLog log) { current = log; }

    /** Makes the main level's {@code error_log} lines the process's log; relative files are under {@code prefix}. */
    public static void install(List<ErrorLogSpec> specs, Path prefix) throws IOException {
        use(of(specs, prefix, true));
    }

    /**
     * The log of a configuration level's {@code error_log} lines. With {@code check} set, each file is opened
     * at once (to fail at start when it cannot be); otherwise on the first line written to it.
     */
    public static ErrorLog of(List<ErrorLogSpec> specs, Path prefix, boolean check) throws IOException {
        List<Sink> sinks = new java.util.ArrayList<>();
        for (ErrorLogSpec s : specs) {
            Target t;
            if (s.target().equals("stderr")) {
                t = STDERR;
            } else if (Syslog.isSyslog(s.target())) {
                t = new Target(null, Syslog.parse(s.target()));
            } else {
                t = fileTarget(prefix.resolve(s.target()), check);
            }
            sinks.add(new Sink(t, s.level()));
        }
        return new ErrorLog(sinks);
    }

    private static Target fileTarget(Path file, boolean check) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (check) {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            new FileOutputStream(abs.toFile(), true).close();   // fail now, at start, if it cannot be opened
        }
        return FILES.computeIfAbsent(abs, p -> new Target(p, null));
    }

    public static ErrorLog get() { return current; }

    public static void log(LogLevel level, String message) { current.write(level, 0, message); }

    public static void log(LogLevel level, long connection, String message) { current.write(level, connection, message); }

    public boolean enabled(LogLevel level) { return widest.allows(level); }

    public long dropped() { return DROPPED.get(); }

    /**
     * Reopens every error log file on the writer thread (USR1, after logrotate moved them), after the lines
     * already queued (the signal's own notice belongs to the old file, as nginx writes it); with a full queue,
     * at the writer's next turn.
     */
    public void reopen() {
        if (!QUEUE.offer(REOPEN)) {
            reopen = true;
        }
    }

    public void write(LogLevel level, long connection, String message) {
        if (!widest.allows(level)) {
            return;
        }
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append(TIME.format(LocalDateTime.now())).append(" [").append(level.label()).append("] ")
                .append(PID).append('#').append(Thread.currentThread().threadId()).append(": ");
        if (connection > 0) {
            sb.append('*').append(connection).append(' ');
        }
        sb.append(message).append('\n');
        String line = sb.toString();
        for (Sink s : sinks) {
            if (s.threshold.allows(level) && !QUEUE.offer(new Entry(s.target, level, line))) {
                DROPPED.incrementAndGet();
            }
        }
    }

    /** Waits briefly for queued lines to be written (at exit). */
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!QUEUE.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void drain() {
        for (;;) {
            Entry e;
            try {
                e = QUEUE.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                continue;
            }
            if (reopen || e == REOPEN) {
                reopen = false;
                // files in use are opened anew at once, so a rotated log is recreated even before its next line
                for (Target t : FILES.values()) {
                    if (t.out != null) {
                        closeQuietly(t);
                        t.out = open(t.file);
                    }
                }
                for (Sink s : current.sinks) {
                    if (s.target.file != null && s.target.out == null) {
                        s.target.out = open(s.target.file);
                    }
                }
            }
            if (e != null && e != REOPEN) {
                writeLine(e);
            }
        }
    }

    private static void writeLine(Entry e) {
        Target t = e.target;
        byte[] bytes = e.line.getBytes(StandardCharsets.UTF_8);
        try {
            if (t.syslog != null) {
                t.syslog.send(bytes, e.level.ordinal());   // nginx's levels are syslog's severities, in order
                return;
            }
            if (t.out == null) {
                t.out = open(t.file);
            }
            t.out.write(bytes);
            t.out.flush();
        } catch (IOException x) {
            System.err.println("pier: error log write failed: " + x.getMessage());
            closeQuietly(t);
        }
    }

    private static OutputStream open(Path file) {
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

    private static void closeQuietly(Target t) {
        if (t.file == null || t.out == null) {
            return;   // never close stderr
        }
        try {
            t.out.close();
        } catch (IOException ignored) {
            // nothing useful to do: the next open reports
        }
        t.out = null;
    }
}

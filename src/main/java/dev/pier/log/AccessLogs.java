package dev.pier.log;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's access log files and their writer. A file named with the same parameters by several
 * {@code access_log} lines, or again by a reloaded configuration, is one {@link FileSink}, so its buffer
 * and descriptor are shared as in nginx. (nginx also lets an unbuffered line of a file use the buffer
 * another line declared; Pier writes such lines at once, to the same file.)
 */
public final class AccessLogs {
    private record FileKey(Path path, int buffer, long flushNanos, int gzip) { }

    private static final Map<FileKey, FileSink> FILES = new ConcurrentHashMap<>();

    private AccessLogs() { }

    /** Closes and reopens every access log file on the writer thread (USR1 / {@code -s reopen}); buffers are written first. */
    public static void reopenAll() { LogWriter.global().reopenAll(); }

    /** Writes out queued lines and buffers, waiting at most {@code millis} (at exit and in tests). */
    public static void flushAll(long millis) { LogWriter.global().flushAll(millis); }

    /** Lines dropped because the writer's queue was full (the disk could not keep up). */
    public static long dropped() { return LogWriter.global().dropped(); }

    static FileSink file(Path path, int buffer, long flushNanos, int gzip) {
        Path abs = path.toAbsolutePath().normalize();
        return FILES.computeIfAbsent(new FileKey(abs, buffer, flushNanos, gzip), k -> {
            FileSink s = new FileSink(abs, buffer, flushNanos, gzip);
            LogWriter.global().register(s);
            return s;
        });
    }

    static VariablePathSink variablePath(Path prefix) {
        VariablePathSink s = new VariablePathSink(prefix);
        LogWriter.global().register(s);
        return s;
    }

    /** The default of a configuration without access_log: logs/access.log in the combined format. */
    static AccessLogList byDefault(Path prefix, LogFormat combined) {
        return new AccessLogList(false, java.util.List.of(new AccessLog(file(prefix.resolve("logs/access.log"), 0, 0, 0), null, combined, null)));
    }

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> flushAll(2_000)));
    }
}

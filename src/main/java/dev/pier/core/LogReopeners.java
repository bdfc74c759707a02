package dev.pier.core;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What USR1 ({@code -s reopen}) reopens besides the error log: each open log file registers a reopen action
 * here while it is open and unregisters when it is closed (a reload that drops it). The action runs on the
 * control thread, not an event loop; it should only ask the file's writer to reopen (as {@link ErrorLog#reopen}
 * does), so a slow disk never delays the other logs.
 */
public final class LogReopeners {
    private static final CopyOnWriteArrayList<Runnable> REOPENERS = new CopyOnWriteArrayList<>();

    private LogReopeners() { }

    /** Registers {@code reopen}; closing the returned registration removes it. */
    public static Registration register(Runnable reopen) {
        REOPENERS.add(reopen);
        return () -> REOPENERS.remove(reopen);
    }

    /** The error log, then every registered file (nginx's ngx_reopen_files). */
    public static void reopenAll() {
        ErrorLog.get().reopen();
        for (Runnable r : REOPENERS) {
            try {
                r.run();
            } catch (RuntimeException e) {
                ErrorLog.log(LogLevel.ALERT, "reopening logs failed: " + e);
            }
        }
    }

    /** A registered reopen action; {@link #close()} unregisters it. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override void close();
    }
}

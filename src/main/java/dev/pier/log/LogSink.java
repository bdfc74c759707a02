package dev.pier.log;

import java.io.IOException;

/** Where log lines end up. Every method runs on the {@link LogWriter}'s thread only. */
interface LogSink {
    /** Writes one line (newline included); {@code path} is the rendered file name of a log with variables in it. */
    void write(String path, byte[] line) throws IOException;

    /** The time (System.nanoTime) by which buffered lines must be written, or Long.MAX_VALUE if none wait. */
    default long flushDeadline() { return Long.MAX_VALUE; }

    /** The writer has no more lines at hand: lines held back to be written together go out now. */
    default void endBatch() throws IOException { }

    /** Writes out what is buffered. */
    default void flush() throws IOException { }

    /** Closes open files so the next line opens them anew (USR1, after logrotate moved them). */
    default void reopen() throws IOException { }
}

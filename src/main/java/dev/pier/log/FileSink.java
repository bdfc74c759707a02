package dev.pier.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * One access log file, opened for appending on first use. With {@code buffer=} lines collect in memory and
 * go out when the buffer is full, when {@code flush=} time has passed since the first buffered line, at
 * reopen and at exit, as nginx's ngx_http_log_write; with {@code gzip} each write-out is one complete gzip
 * member, so {@code zcat} reads the file whole.
 */
final class FileSink implements LogSink {
    private final Path path;
    private final int bufferSize;
    private final long flushNanos;
    private final int gzipLevel;
    private final byte[] buffer;
    private int used;
    /** Without buffer=: the lines of the writer's current batch, written together at its end. */
    private byte[] batch = new byte[0];
    private int batched;
    private long deadline = Long.MAX_VALUE;
    private OutputStream out;
    private boolean openFailed;

    /** {@code bufferSize} 0 writes each line at once; {@code flushNanos} 0 waits for a full buffer; {@code gzipLevel} 0 is plain. */
    FileSink(Path path, int bufferSize, long flushNanos, int gzipLevel) {
        this.path = path;
        this.bufferSize = bufferSize;
        this.flushNanos = flushNanos;
        this.gzipLevel = gzipLevel;
        this.buffer = bufferSize > 0 ? new byte[bufferSize] : null;
    }

    Path path() { return path; }

    @Override public void write(String ignored, byte[] line) throws IOException {
        if (buffer == null) {
            if (batched + line.length > batch.length) {
                if (batched > 0 && batched + line.length > MAX_BATCH) {
                    endBatch();
                }
                batch = java.util.Arrays.copyOf(batch, Math.max(batched + line.length, Math.min(MAX_BATCH, batch.length * 2 + 256)));
            }
            System.arraycopy(line, 0, batch, batched, line.length);
            batched += line.length;
            return;
        }
        if (line.length > bufferSize - used) {
            flush();
        }
        if (line.length <= bufferSize - used) {
            if (used == 0 && flushNanos > 0) {
                deadline = System.nanoTime() + flushNanos;
            }
            System.arraycopy(line, 0, buffer, used, line.length);
            used += line.length;
        } else {
            writeOut(line, 0, line.length);
        }
    }

    /** Lines are appended in one write(2) per batch of the writer, never more than this many bytes at once. */
    private static final int MAX_BATCH = 64 * 1024;

    @Override public void endBatch() throws IOException {
        if (batched > 0) {
            int n = batched;
            batched = 0;
            writeOut(batch, 0, n);
        }
    }

    @Override public long flushDeadline() { return used > 0 ? deadline : Long.MAX_VALUE; }

    @Override public void flush() throws IOException {
        endBatch();
        deadline = Long.MAX_VALUE;
        if (used == 0) {
            return;
        }
        int n = used;
        used = 0;
        writeOut(buffer, 0, n);
    }

    @Override public void reopen() throws IOException {
        flush();
        boolean wasOpen = out != null;
        close();
        openFailed = false;
        if (wasOpen) {
            open();   // recreated at once after logrotate moved it, as nginx does
        }
    }

    void close() {
        try {
            endBatch();
        } catch (IOException e) {
            dev.pier.core.ErrorLog.log(dev.pier.core.LogLevel.ALERT, e.getMessage());
        }
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the descriptor is gone either way
            }
            out = null;
        }
    }

    private void writeOut(byte[] bytes, int off, int len) throws IOException {
        OutputStream o = open();
        if (o == null) {
            return;
        }
        if (gzipLevel > 0) {
            ByteArrayOutputStream member = new ByteArrayOutputStream(len / 4 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(member) { { def.setLevel(gzipLevel); } }) {
                gz.write(bytes, off, len);
            }
            member.writeTo(o);
        } else {
            o.write(bytes, off, len);
        }
    }

    private OutputStream open() throws IOException {
        if (out == null && !openFailed) {
            try {
                // unbuffered: every write is one write(2) with O_APPEND, as nginx's
                out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                openFailed = true;   // reported once; reopen tries again
                throw new IOException("open() \"" + path + "\" failed (" + dev.pier.core.Errno.describe(e) + ")", e);
            }
        }
        return out;
    }
}

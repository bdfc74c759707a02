package dev.pier.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An access log whose file name has variables: the name is rendered per request, and the writer keeps the
 * most recently used files open (nginx opens such a file per line unless open_log_file_cache keeps it).
 */
final class VariablePathSink implements LogSink {
    private static final int OPEN_FILES = 64;

    private final Path prefix;
    private final Map<String, FileSink> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, FileSink> eldest) {
            if (size() > OPEN_FILES) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    VariablePathSink(Path prefix) {
        this.prefix = prefix;
    }

    @Override public void write(String path, byte[] line) throws IOException {
        FileSink sink = open.get(path);
        if (sink == null) {
            sink = new FileSink(prefix.resolve(path), 0, 0, 0);
            open.put(path, sink);
        }
        sink.write(path, line);
    }

    @Override public void endBatch() throws IOException {
        for (FileSink s : open.values()) {
            s.endBatch();
        }
    }

    @Override public void reopen() {
        for (FileSink s : open.values()) {
            s.close();
        }
        open.clear();
    }
}

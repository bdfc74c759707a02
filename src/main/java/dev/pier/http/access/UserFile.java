package dev.pier.http.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@code auth_basic_user_file} as nginx reads it: {@code user:hash[:comment]} lines, {@code #} comments,
 * the first line of a user deciding. nginx reads the file on every request; Pier keeps it parsed and reads
 * it again, off the event loops, when its modification time changed (checked at most once a second), so an
 * edited file takes effect within a second without a reload.
 */
final class UserFile {
    /** What a lookup found: the file could not be read ({@code errno} text and status), or the user's hash (null: no such user). */
    record Lookup(int failure, String errorText, String hash) { }

    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final Map<Path, UserFile> FILES = new ConcurrentHashMap<>();

    private final Path path;
    private volatile State state;
    private volatile long checkedNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    private record State(Map<String, String> users, FileTime modified, int failure, String errorText) { }

    private UserFile(Path path) {
        this.path = path;
    }

    /** The file for {@code path}, shared by every location and configuration that names it. */
    static UserFile of(Path path) {
        return FILES.computeIfAbsent(path, UserFile::new);
    }

    /** Whether the file was read at least once (else the first read must happen off the event loop). */
    boolean loaded() { return state != null; }

    /** Reads the file now: blocking, so only at configuration load or on the verification pool. */
    void read() {
        checkedNanos = System.nanoTime();
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            State current = state;
            if (current != null && current.failure == 0 && modified.equals(current.modified)) {
                return;
            }
            state = new State(parse(Files.readString(path, StandardCharsets.ISO_8859_1)), modified, 0, null);
        } catch (NoSuchFileException e) {
            state = new State(Map.of(), null, 403, "2: No such file or directory");
        } catch (AccessDeniedException e) {
            state = new State(Map.of(), null, 500, "13: Permission denied");
        } catch (IOException e) {
            state = new State(Map.of(), null, 500, String.valueOf(e.getMessage()));
        }
    }

    /** The user's entry from what was last read; a read is started on {@code pool} when the last check is over a second old. */
    Lookup lookup(String user, java.util.concurrent.Executor pool) {
        if (System.nanoTime() - checkedNanos > RECHECK_NANOS && refreshing.compareAndSet(false, true)) {
            try {
                pool.execute(() -> {
                    try {
                        read();
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        State s = state;
        return s.failure != 0 ? new Lookup(s.failure, s.errorText, null) : new Lookup(0, null, s.users.get(user));
    }

    Path path() { return path; }

    /** nginx's scan: a line is a user up to ':', then the hash up to ':' or the end of the line; '#' starts a comment line. */
    static Map<String, String> parse(String text) {
        Map<String, String> users = new HashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '\r') {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            int end = colon + 1;
            while (end < line.length() && line.charAt(end) != ':' && line.charAt(end) != '\r') {
                end++;
            }
            users.putIfAbsent(line.substring(0, colon), line.substring(colon + 1, end));
        }
        return users;
    }
}

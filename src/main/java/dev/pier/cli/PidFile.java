package dev.pier.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pid file: checked before binding (a running Pier's file is never taken over), written once every
 * listener is bound, removed at exit, read by {@code -s}. Under {@code bin/pier} it holds the pid of that
 * script, which relays signals to this JVM, so {@code kill -QUIT $(cat pidfile)} reaches a process that can
 * take SIGQUIT.
 */
final class PidFile {
    /** Set by bin/pier to its own pid; believed only when it is this JVM's parent. */
    static final String SUPERVISOR_ENV = "PIER_SUPERVISOR_PID";

    private PidFile() { }

    /** The pid to write: bin/pier's when it started this JVM, else this JVM's own. */
    static long ownerPid() {
        long self = ProcessHandle.current().pid();
        String env = System.getenv(SUPERVISOR_ENV);
        if (env == null) {
            return self;
        }
        try {
            long supervisor = Long.parseLong(env.strip());
            Optional<ProcessHandle> parent = ProcessHandle.current().parent();
            return parent.isPresent() && parent.get().pid() == supervisor ? supervisor : self;
        } catch (NumberFormatException e) {
            return self;
        }
    }

    /**
     * nginx would overwrite the file of a running instance (and the first one to exit deletes the other's);
     * Pier refuses instead. Returns the message when the file names a live Pier other than this one, else null.
     * A file left by a process that is gone, or whose pid now belongs to another program, is stale.
     */
    static String runningOwner(Path file, long ownerPid) {
        long pid;
        try {
            pid = read(file);
        } catch (IOException e) {
            return null;   // missing or unreadable: nothing runs under this file
        }
        if (pid == ownerPid || pid == ProcessHandle.current().pid()) {
            return null;   // a container restarted with the same pid
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return null;
        }
        // the command line of another user's process may be hidden: then it counts as running
        String command = process.get().info().commandLine().orElse("pier");
        if (!command.contains("pier")) {
            return null;
        }
        return "pier is already running: process " + pid + " holds the pid file \"" + file + "\"";
    }

    static void write(Path file, long pid) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, pid + "\n", StandardCharsets.US_ASCII);
    }

    /** Removes the file if it still holds {@code pid} (another instance may have replaced it). */
    static void remove(Path file, long pid) {
        try {
            String content = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (content.equals(Long.toString(pid))) {
                Files.delete(file);
            }
        } catch (IOException ignored) {
            // already gone, or unreadable: nothing to remove
        }
    }

    /** The pid in the file; throws with nginx's wording when the file is missing or invalid. */
    static long read(Path file) throws IOException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new IOException("open() \"" + file + "\" failed (2: No such file or directory)");
        }
        try {
            return Long.parseLong(content);
        } catch (NumberFormatException e) {
            throw new IOException("invalid PID number \"" + content + "\" in \"" + file + "\"");
        }
    }
}

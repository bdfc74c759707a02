package dev.pier.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pid file: written once every listener is bound, removed at exit, read by {@code -s}. */
final class PidFile {
    private PidFile() { }

    static void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }

    static void remove(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (content.equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(file);
            }
        } catch (IOException ignored) {
            // already gone, or replaced by another instance: nothing to remove
        }
    }

    /** The pid in the file; throws with nginx's wording when the file is missing or invalid. */
    static long read(Path file) throws IOException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("open() \"" + file + "\" failed (2: No such file or directory)");
        }
        try {
            return Long.parseLong(content);
        } catch (NumberFormatException e) {
            throw new IOException("invalid PID number \"" + content + "\" in \"" + file + "\"");
        }
    }
}

package dev.pier.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** An I/O failure in the words nginx prints after a failed call: {@code (2: No such file or directory)}. */
public final class Errno {
    private Errno() { }

    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "2: No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "13: Permission denied";
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(e.getMessage());
        if (reason.contains("Is a directory")) {
            return "21: Is a directory";
        }
        if (reason.contains("Not a directory")) {
            return "20: Not a directory";
        }
        if (reason.contains("Read-only file system")) {
            return "30: Read-only file system";
        }
        return reason;
    }
}

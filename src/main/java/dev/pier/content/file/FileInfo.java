package dev.pier.content.file;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a stat() of a file name said, symlinks followed (nginx's default {@code disable_symlinks off}). */
record FileInfo(Kind kind, long size, long mtimeSeconds, String error) {
    enum Kind { FILE, DIRECTORY, OTHER, NOT_FOUND, FORBIDDEN, ERROR }

    boolean exists() { return kind == Kind.FILE || kind == Kind.DIRECTORY || kind == Kind.OTHER; }

    /** A stat of {@code path}; ENOENT, ENOTDIR and ENAMETOOLONG are "not found" as in nginx's static handler. */
    static FileInfo stat(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            Kind kind = a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
            return new FileInfo(kind, a.size(), a.lastModifiedTime().toMillis() / 1000, null);
        } catch (NoSuchFileException e) {
            return new FileInfo(Kind.NOT_FOUND, 0, 0, "2: No such file or directory");
        } catch (AccessDeniedException e) {
            return new FileInfo(Kind.FORBIDDEN, 0, 0, "13: Permission denied");
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            if (reason.contains("Not a directory")) {
                return new FileInfo(Kind.NOT_FOUND, 0, 0, "20: Not a directory");
            }
            if (reason.contains("File name too long")) {
                return new FileInfo(Kind.NOT_FOUND, 0, 0, "36: File name too long");
            }
            return new FileInfo(Kind.ERROR, 0, 0, reason);
        } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
            return new FileInfo(Kind.ERROR, 0, 0, String.valueOf(e.getMessage()));
        }
    }
}

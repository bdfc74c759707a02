package dev.pier.content.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a directory listing. {@code name} is a byte string (one char per byte of the file name),
 * so sorting compares bytes as nginx's strcmp does.
 */
record DirectoryEntry(String name, Type type, long size, long mtimeSeconds) {
    enum Type { DIRECTORY, FILE, OTHER }

    /**
     * Reads a directory as nginx's autoindex: names starting with '.' are hidden; entries are stat'ed
     * following symlinks, a broken symlink is described by lstat; directories sort first, then by name.
     */
    static List<DirectoryEntry> read(Path dir) throws IOException {
        List<DirectoryEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String fileName = p.getFileName().toString();
                if (fileName.startsWith(".")) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    try {
                        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                } catch (java.nio.file.AccessDeniedException e) {
                    continue;
                }
                Type t = a.isDirectory() ? Type.DIRECTORY : a.isRegularFile() ? Type.FILE : Type.OTHER;
                String bytes = new String(fileName.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                entries.add(new DirectoryEntry(bytes, t, a.size(), a.lastModifiedTime().toMillis() / 1000));
            }
        }
        entries.sort((x, y) -> {
            boolean dx = x.type == Type.DIRECTORY;
            boolean dy = y.type == Type.DIRECTORY;
            if (dx != dy) {
                return dx ? -1 : 1;
            }
            return x.name.compareTo(y.name);
        });
        return entries;
    }
}

package dev.pier.config.syntax;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files an {@code include} pattern names, as nginx's glob(3) call finds them: wildcards ({@code * ? [...]})
 * in any path element, a leading dot matched only by a pattern that starts with one, results sorted by
 * byte order of the path (glob sorts; nginx never sets a locale). No match is not an error.
 */
final class IncludeGlob {
    private IncludeGlob() { }

    /** nginx decides with {@code strpbrk(name, "*?[")}. */
    static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    static List<Path> expand(Path target, ConfigSource source) {
        List<Path> current = new ArrayList<>();
        current.add(target.getRoot() != null ? target.getRoot() : Path.of(""));
        for (Path element : target) {
            String name = element.toString();
            List<Path> next = new ArrayList<>();
            if (!isGlob(name)) {
                for (Path p : current) {
                    next.add(p.resolve(name));
                }
            } else {
                Pattern regex = toRegex(name);
                for (Path dir : current) {
                    matches(dir, name, regex, next, target, source);
                }
            }
            current = next;
        }
        List<Path> files = new ArrayList<>();
        for (Path p : current) {
            // a matching directory is kept: reading it fails as in nginx
            if (Files.exists(p)) {
                files.add(p);
            }
        }
        files.sort((a, b) -> a.toString().compareTo(b.toString()));
        return files;
    }

    private static void matches(Path dir, String name, Pattern regex, List<Path> out, Path target, ConfigSource source) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        boolean dotPattern = name.startsWith(".");
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String fileName = p.getFileName().toString();
                if (fileName.startsWith(".") && !dotPattern) {
                    continue;
                }
                if (regex.matcher(fileName).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("glob() \"" + target + "\" failed (" + e.getMessage() + ")", source);
        }
    }

    /** One path element of a glob(3) pattern as a regex: {@code *}, {@code ?}, {@code [a-z]}, {@code [!x]}, {@code \x}. */
    static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        re.append("\\\\");
                    }
                }
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, close);
                        boolean negate = body.startsWith("!");
                        if (negate) {
                            body = body.substring(1);
                        }
                        re.append('[').append(negate ? "^" : "").append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}

package dev.pier.http.codec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds the shared test vectors: the {@code pier.vectors} system property, else a {@code shared/vectors}
 * directory in the working directory or one of its parents.
 */
final class Vectors {

    private Vectors() {
    }

    static Path dir() {
        final String property = System.getProperty("pier.vectors");
        if (property != null && !property.isBlank()) {
            final Path p = Paths.get(property);
            assumeTrue(Files.isDirectory(p), "pier.vectors=" + property + " is not a directory");
            return p;
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            final Path candidate = d.resolve("shared").resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "test vectors not found: set -Dpier.vectors=/path/to/shared/vectors");
        throw new AssertionError("unreachable");
    }

    static Path file(String relative) {
        final Path p = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "missing vector file " + p);
        return p;
    }
}

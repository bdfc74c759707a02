package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFileCacheTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir Path dir;

    private String name(String file) { return dir.resolve(file).toString(); }

    @Test void aChangedFileIsSeenOnceTheEntryIsNoLongerValid() throws Exception {
        OpenFileCache cache = new OpenFileCache(new OpenFileCacheSetting(10, 60_000, 1_000, 1, false));
        Files.writeString(dir.resolve("f"), "one");
        assertThat(cache.lookup(name("f"), 0).size()).isEqualTo(3);
        Files.writeString(dir.resolve("f"), "three");
        assertThat(cache.lookup(name("f"), SECOND / 2).size()).as("still valid: cached").isEqualTo(3);
        assertThat(cache.lookup(name("f"), SECOND + 1).size()).as("valid time over: stat again").isEqualTo(5);
    }

    @Test void errorsAreCachedOnlyWhenAsked() throws Exception {
        OpenFileCache plain = new OpenFileCache(new OpenFileCacheSetting(10, 60_000, 60_000, 1, false));
        OpenFileCache errors = new OpenFileCache(new OpenFileCacheSetting(10, 60_000, 60_000, 1, true));
        assertThat(plain.lookup(name("late"), 0).kind()).isEqualTo(FileInfo.Kind.NOT_FOUND);
        assertThat(errors.lookup(name("late"), 0).kind()).isEqualTo(FileInfo.Kind.NOT_FOUND);
        Files.writeString(dir.resolve("late"), "x");
        assertThat(plain.lookup(name("late"), 1).kind()).isEqualTo(FileInfo.Kind.FILE);
        assertThat(errors.lookup(name("late"), 1).kind()).isEqualTo(FileInfo.Kind.NOT_FOUND);
    }

    @Test void minUsesDelaysCaching() throws Exception {
        OpenFileCache cache = new OpenFileCache(new OpenFileCacheSetting(10, 60_000, 60_000, 3, false));
        Files.writeString(dir.resolve("f"), "one");
        cache.lookup(name("f"), 0);
        Files.writeString(dir.resolve("f"), "three");
        assertThat(cache.lookup(name("f"), 1).size()).as("second use: not yet served from the cache").isEqualTo(5);
        Files.writeString(dir.resolve("f"), "sixsix");
        assertThat(cache.lookup(name("f"), 2).size()).as("third use: counted, still a stat").isEqualTo(6);
        Files.writeString(dir.resolve("f"), "seven!!");
        assertThat(cache.lookup(name("f"), 3).size()).as("used min_uses times: from the cache").isEqualTo(6);
    }

    @Test void maxAndInactiveBoundTheEntries() throws Exception {
        OpenFileCache cache = new OpenFileCache(new OpenFileCacheSetting(2, 10_000, 60_000, 1, false));
        for (String f : new String[] {"a", "b", "c"}) {
            Files.writeString(dir.resolve(f), f);
            cache.lookup(name(f), 0);
        }
        assertThat(cache.size()).isEqualTo(2);
        cache.lookup(name("c"), 11 * SECOND);
        assertThat(cache.size()).as("the idle entry was dropped").isEqualTo(1);
    }
}

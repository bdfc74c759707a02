package dev.pier.upstream;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.http.HttpConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads upstream blocks through the real configuration loader and drives their selections directly. */
final class Groups {
    private Groups() { }

    /** The configuration of {@code http} (the inside of the http block, from line 3 of the file). */
    static PierConfig config(Path dir, String http) {
        try {
            Path file = dir.resolve("pier.conf");
            Files.writeString(file, "events {}\nhttp {\n" + http + "\n}\n");
            return Modules.load(dir, file, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Upstream> load(Path dir, String http) {
        return config(dir, http).part(HttpConfig.class).settings().get(Upstreams.GROUPS);
    }

    /** The one group named "u" of {@code http}, its time driven by {@code clock}. */
    static UpstreamGroup group(Path dir, String http, FakeClock clock) {
        UpstreamGroup g = (UpstreamGroup) load(dir, http).get("u");
        if (clock != null) {
            g.clock = clock;
        }
        return g;
    }

    /** One request's first pick, ended as {@code result}; null when no peer is left. */
    static String pick(UpstreamGroup g, String key, AttemptResult result) {
        Attempts a = g.start(null, null, key == null ? null : key.getBytes(StandardCharsets.ISO_8859_1));
        UpstreamPeer p = a.next();
        if (p == null) {
            return null;
        }
        a.done(p, result, 1_000_000, 2_000_000);
        return p.name();
    }

    /** How many of {@code n} requests each peer got, keys "k0".."k{n-1}" when {@code keyed}. */
    static Map<String, Integer> counts(UpstreamGroup g, int n, boolean keyed) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(pick(g, keyed ? "k" + i : null, AttemptResult.OK), 1, Integer::sum);
        }
        return counts;
    }

    /** A clock the test moves by hand, in nanoseconds. */
    static final class FakeClock implements java.util.function.LongSupplier {
        long now = 1_000_000_000_000L;

        @Override public long getAsLong() { return now; }

        void advanceSeconds(double s) { now += (long) (s * 1e9); }
    }
}

package dev.pier.http.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nginx's hash sizing checks. The thresholds are nginx 1.22's, found with {@code nginx -t} on maps of N keys
 * "key1".."keyN" (and the like): one key fewer loads quietly, N gives the "could not build optimal" warning.
 */
class MapHashSizingTest {
    private static List<String> keys(String format, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format(format, i));
        }
        return out;
    }

    private static boolean warns(long bucket, long max, List<String> keys) {
        return new MapHashSizing(bucket, max).notOptimal(keys) != null;
    }

    @Test void optimalSizeThresholdsAreNginxs() {
        assertThat(warns(64, 2048, keys("key%d", 2639))).isFalse();
        assertThat(warns(64, 2048, keys("key%d", 2640))).isTrue();
        assertThat(warns(64, 2048, keys("/some/longer/path/number/%d", 999))).isFalse();
        assertThat(warns(64, 2048, keys("/some/longer/path/number/%d", 1000))).isTrue();
        assertThat(warns(64, 64, keys("k%d", 118))).isFalse();
        assertThat(warns(64, 64, keys("k%d", 119))).isTrue();
        assertThat(warns(128, 64, keys("k%d", 323))).isFalse();
        assertThat(warns(128, 64, keys("k%d", 324))).isTrue();
    }

    @Test void theWarningIsWordedAsNginxs() {
        assertThat(new MapHashSizing(64, 2048).notOptimal(keys("key%d", 3000))).isEqualTo("could not build optimal map_hash, "
                + "you should increase either map_hash_max_size: 2048 or map_hash_bucket_size: 64; ignoring map_hash_bucket_size");
    }

    @Test void aKeyLongerThanABucketIsAnError() {
        MapHashSizing sizing = new MapHashSizing(64, 2048);
        assertThat(sizing.tooLong(List.of("a".repeat(46)))).isNull();
        assertThat(sizing.tooLong(List.of("a".repeat(47))))
                .isEqualTo("could not build map_hash, you should increase map_hash_bucket_size: 64");
        assertThat(MapHashSizing.alignBucket(65)).isEqualTo(128);
        assertThat(new MapHashSizing(128, 2048).tooLong(List.of("a".repeat(47)))).isNull();
    }
}

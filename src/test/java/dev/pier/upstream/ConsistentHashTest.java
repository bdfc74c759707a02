package dev.pier.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hash ... consistent}: keys stay where they were when the group changes, except ~1/N of them. */
class ConsistentHashTest {
    private static final int KEYS = 10_000;

    @TempDir Path dir;

    private List<String> owners(int servers, int skip) {
        StringBuilder block = new StringBuilder("upstream u { hash $arg_k consistent;\n");
        for (int i = 1; i <= servers; i++) {
            if (i != skip) {
                block.append("server 127.0.0.").append(i).append(":8080;\n");
            }
        }
        UpstreamGroup g = Groups.group(dir, block + "}", null);
        List<String> owners = new ArrayList<>(KEYS);
        for (int k = 0; k < KEYS; k++) {
            owners.add(Groups.pick(g, "key-" + k, AttemptResult.OK));
        }
        return owners;
    }

    @Test void addingAPeerMovesAboutOneNthOfTheKeysAllToIt() {
        List<String> before = owners(5, 0);
        List<String> after = owners(6, 0);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            if (!before.get(k).equals(after.get(k))) {
                moved++;
                assertThat(after.get(k)).isEqualTo("127.0.0.6:8080");
            }
        }
        assertThat(moved / (double) KEYS).isLessThanOrEqualTo(1 / 6.0 + 0.03).isGreaterThan(1 / 6.0 - 0.05);
    }

    @Test void removingAPeerMovesOnlyItsKeys() {
        List<String> before = owners(6, 0);
        List<String> after = owners(6, 3);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            if (!before.get(k).equals(after.get(k))) {
                moved++;
                assertThat(before.get(k)).isEqualTo("127.0.0.3:8080");
            }
        }
        assertThat(moved / (double) KEYS).isLessThanOrEqualTo(1 / 6.0 + 0.03);
    }

    @Test void aPeerThatCannotTakeTheRequestPassesItAlongTheRing() {
        UpstreamGroup g = Groups.group(dir, "upstream u { hash $arg_k consistent; server 127.0.0.1:1; server 127.0.0.2:1; server 127.0.0.3:1; }", null);
        String owner = Groups.pick(g, "sticky", AttemptResult.OK);
        Attempts a = g.start(null, null, "sticky".getBytes());
        UpstreamPeer first = a.next();
        assertThat(first.name()).isEqualTo(owner);
        a.done(first, AttemptResult.NEXT, -1, -1);
        UpstreamPeer second = a.next();
        assertThat(second.name()).isNotEqualTo(owner);
        a.done(second, AttemptResult.OK, 1, 1);
        // the key still belongs to its owner for the next request
        assertThat(Groups.pick(g, "sticky", AttemptResult.OK)).isEqualTo(owner);
    }

    @Test void theRingHas160PointsPerWeightUnit() {
        ConsistentHash ring = new ConsistentHash(List.of("a:1", "b:1"), List.of(1, 2));
        assertThat(ring.size()).isBetween(470, 480);
        assertThat(ring.find(0)).isZero();
        assertThat(ring.find(0xffffffffL)).isBetween(ring.size() - 1, ring.size());
    }
}

package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HttpDateTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @Test void formatsAsTheJdkDoesAcrossCenturiesAndLeapDays() {
        long[] fixed = {0, 951_782_400L /* 2000-02-29 */, 4_107_542_399L /* 2100-02-28 23:59:59 */, 1_795_000_000L, 86_399, 784_111_777L};
        for (long s : fixed) {
            assertThat(HttpDate.formatSeconds(s)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(s)));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long s = random.nextLong(0, 7_258_118_400L);   // 1970..2200
            assertThat(HttpDate.formatSeconds(s)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(s)));
        }
    }

    @Test void cachedFormatGivesTheSameTextForTheSameSecond() {
        assertThat(HttpDate.format(1_000_500)).isEqualTo(HttpDate.format(1_000_999)).isEqualTo("Thu, 01 Jan 1970 00:16:40 GMT");
        assertThat(HttpDate.format(2_000_000)).isEqualTo("Thu, 01 Jan 1970 00:33:20 GMT");
    }

    @Test void nowParsesBack() {
        assertThat(HttpDate.parseSeconds(HttpDate.now())).isBetween(System.currentTimeMillis() / 1000 - 2, System.currentTimeMillis() / 1000 + 1);
    }
}

package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.content.file.ByteRanges.Partial;
import dev.pier.content.file.ByteRanges.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Range parsing as ngx_http_range_parse, the expected values taken from nginx 1.22 answers on a 23-byte file. */
class ByteRangesTest {
    private static ByteRanges.Result parse(String header) {
        return ByteRanges.parse(header, 23, Integer.MAX_VALUE);
    }

    @Test void singleRangeHasExclusiveEnd() {
        assertThat(parse("bytes=2-5")).isEqualTo(new Partial(List.of(new Range(2, 6))));
    }

    @Test void openEndedAndSuffixRanges() {
        assertThat(parse("bytes=0-")).isEqualTo(new Partial(List.of(new Range(0, 23))));
        assertThat(parse("bytes=-5")).isEqualTo(new Partial(List.of(new Range(18, 23))));
        assertThat(parse("bytes=-100")).isEqualTo(new Partial(List.of(new Range(0, 23))));
    }

    @Test void endBeyondLengthIsClamped() {
        assertThat(parse("bytes=20-100")).isEqualTo(new Partial(List.of(new Range(20, 23))));
    }

    @Test void spacesAroundNumbersAreAllowed() {
        assertThat(parse("bytes= 1 - 2 ")).isEqualTo(new Partial(List.of(new Range(1, 3))));
    }

    @Test void multipleRanges() {
        assertThat(parse("bytes=2-5,8-9")).isEqualTo(new Partial(List.of(new Range(2, 6), new Range(8, 10))));
    }

    @Test void unsatisfiableAndMalformed() {
        assertThat(parse("bytes=100-200")).isInstanceOf(ByteRanges.NotSatisfiable.class);
        assertThat(parse("bytes=5-2")).isInstanceOf(ByteRanges.NotSatisfiable.class);
        assertThat(parse("bytes=x")).isInstanceOf(ByteRanges.NotSatisfiable.class);
        assertThat(parse("bytes=,1-2")).isInstanceOf(ByteRanges.NotSatisfiable.class);
        assertThat(parse("bytes=-0")).isInstanceOf(ByteRanges.NotSatisfiable.class);
        assertThat(parse("bytes=99999999999999999999-")).isInstanceOf(ByteRanges.NotSatisfiable.class);
    }

    @Test void overlappingRangesLargerThanTheFileSendTheWholeFile() {
        assertThat(parse("bytes=0-20,0-20")).isInstanceOf(ByteRanges.Whole.class);
    }

    @Test void moreRangesThanMaxRangesSendTheWholeFile() {
        assertThat(ByteRanges.parse("bytes=1-2,4-5", 23, 1)).isInstanceOf(ByteRanges.Whole.class);
        assertThat(ByteRanges.parse("bytes=1-2", 23, 0)).isInstanceOf(ByteRanges.Whole.class);
        assertThat(ByteRanges.parse("bytes=1-2", 23, 1)).isInstanceOf(Partial.class);
    }

    @Test void emptyFileIsNeverRanged() {
        assertThat(ByteRanges.parse("bytes=0-1", 0, 10)).isInstanceOf(ByteRanges.Whole.class);
    }

    @Test void onlyByteUnitsAreRanges() {
        assertThat(ByteRanges.isByteRange("bytes=1-2")).isTrue();
        assertThat(ByteRanges.isByteRange("BYTES=1-2")).isTrue();
        assertThat(ByteRanges.isByteRange("bytes=")).isFalse();
        assertThat(ByteRanges.isByteRange("items=1-2")).isFalse();
        assertThat(ByteRanges.isByteRange(null)).isFalse();
    }
}

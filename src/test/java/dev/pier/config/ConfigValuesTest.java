package dev.pier.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes and times as ngx_parse_offset and ngx_parse_time read them; -1 marks what nginx refuses (checked with nginx -t). */
class ConfigValuesTest {
    @ParameterizedTest(name = "size \"{0}\" = {1}")
    @CsvSource(quoteCharacter = '`', value = {
        "0, 0", "10, 10", "10k, 10240", "10K, 10240", "1m, 1048576", "1M, 1048576", "1g, 1073741824", "1G, 1073741824",
        "10x, -1", "``, -1", "1.5m, -1", "-1, -1", "k, -1", "99999999999999999999, -1", "1 k, -1",
    })
    void sizes(String text, long bytes) {
        assertThat(ConfigValues.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "time \"{0}\" = {1} ms")
    @CsvSource(quoteCharacter = '`', value = {
        "10, 10000", "0, 0", "500ms, 500", "1s500ms, 1500", "1h30m, 5400000", "`1h 30m`, 5400000", "1d, 86400000",
        "1w, 604800000", "1M, 2592000000", "1y, 31536000000", "`5 `, 5000",
        "`30m 1h`, -1", "`1m 1m`, -1", "`1 h`, -1", "1x, -1", "``, -1", "m, -1", "1ms1s, -1",
    })
    void times(String text, long millis) {
        assertThat(ConfigValues.millis(text)).isEqualTo(millis);
    }
}

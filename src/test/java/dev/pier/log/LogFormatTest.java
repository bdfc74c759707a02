package dev.pier.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The format compiler and the three escapings, without a server. */
class LogFormatTest {
    private static String escaped(LogEscape e, String value) {
        StringBuilder sb = new StringBuilder();
        e.append(sb, value);
        return sb.toString();
    }

    @Test void defaultEscapingIsUpperCaseHexForQuotesBackslashControlsAndHighBytes() {
        assertThat(escaped(LogEscape.DEFAULT, "a\"b\\c\u0001\u007f\u00c3\u00a9 ~")).isEqualTo("a\\x22b\\x5Cc\\x01\\x7F\\xC3\\xA9 ~");
        assertThat(escaped(LogEscape.DEFAULT, "\t\r\n")).isEqualTo("\\x09\\x0D\\x0A");
        assertThat(escaped(LogEscape.DEFAULT, null)).isEqualTo("-");
        assertThat(escaped(LogEscape.DEFAULT, "")).isEmpty();
    }

    @Test void jsonEscapingFollowsNginx() {
        assertThat(escaped(LogEscape.JSON, "a\"b\\c\u0001\u001f\n\r\t\b\f")).isEqualTo("a\\\"b\\\\c\\u0001\\u001F\\n\\r\\t\\b\\f");
        // nginx leaves DEL and bytes from 0x80 as they are
        assertThat(escaped(LogEscape.JSON, "\u007f\u00ff/")).isEqualTo("\u007f\u00ff/");
        assertThat(escaped(LogEscape.JSON, null)).isEmpty();
    }

    @Test void noneWritesValuesAsTheyAre() {
        assertThat(escaped(LogEscape.NONE, "a\"\\\u0001\u00ff")).isEqualTo("a\"\\\u0001\u00ff");
        assertThat(escaped(LogEscape.NONE, null)).isEmpty();
    }

    @Test void charactersBeyondOneByteAreWrittenAsUtf8Bytes() {
        assertThat(escaped(LogEscape.DEFAULT, "\u20ac")).isEqualTo("\\xE2\\x82\\xAC");
    }

    @Test void jsonEscapedValuesParseBackForAnyByte() {
        Random random = new Random(42);
        for (int round = 0; round < 5_000; round++) {
            char[] value = new char[random.nextInt(40)];
            for (int i = 0; i < value.length; i++) {
                value[i] = (char) random.nextInt(256);
            }
            String v = new String(value);
            String json = "\"" + escaped(LogEscape.JSON, v) + "\"";
            assertThat(StrictJson.string(json)).isEqualTo(v);
        }
    }

    @Test void compilesNamesAndBracesAndKeepsLiterals() {
        LogFormat f = LogFormat.compile("t", LogEscape.DEFAULT, "[$status] ${request_method}x");
        assertThat(f.name()).isEqualTo("t");
        assertThat(f.escape()).isEqualTo(LogEscape.DEFAULT);
    }

    @Test void compileErrorsAreNginxs() {
        assertThatThrownBy(() -> LogFormat.compile("t", LogEscape.DEFAULT, "${status"))
                .hasMessage("the closing bracket in \"status\" variable is missing");
        assertThatThrownBy(() -> LogFormat.compile("t", LogEscape.DEFAULT, "a $"))
                .hasMessage("invalid parameter \"a $\"");
        assertThatThrownBy(() -> LogFormat.compile("t", LogEscape.DEFAULT, "$no_such_thing"))
                .hasMessage("unknown \"no_such_thing\" variable");
    }
}

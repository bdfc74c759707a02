package dev.pier.http.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The forms of {@code if}'s arguments nginx accepts and its words for those it refuses (checked with nginx -t 1.22). */
class IfConditionParserTest {
    private static Condition parse(String... words) { return IfConditionParser.parse(List.of(words)); }

    @Test void parenthesesStandAloneOrGlued() {
        assertThat(parse("($uri)")).isInstanceOf(Condition.Truth.class);
        assertThat(parse("(", "$uri", ")")).isInstanceOf(Condition.Truth.class);
        assertThat(parse("($uri", "=", "/a)")).isInstanceOf(Condition.Comparison.class);
        assertThat(parse("(", "$uri", "!=", "/a", ")")).isInstanceOf(Condition.Comparison.class);
    }

    @Test void operatorsMakeTheirConditions() {
        assertThat(parse("($uri", "=", "x)")).isInstanceOfSatisfying(Condition.Comparison.class, c -> assertThat(c.negated()).isFalse());
        assertThat(parse("($uri", "!=", "x)")).isInstanceOfSatisfying(Condition.Comparison.class, c -> assertThat(c.negated()).isTrue());
        assertThat(parse("($uri", "~", "^/a(.*)$)")).isInstanceOfSatisfying(Condition.RegexMatch.class, c -> {
            assertThat(c.negated()).isFalse();
            assertThat(c.regex().matcher("/A").find()).isFalse();
        });
        assertThat(parse("($uri", "~*", "^/a)")).isInstanceOfSatisfying(Condition.RegexMatch.class,
                c -> assertThat(c.regex().matcher("/A").find()).isTrue());
        assertThat(parse("($uri", "!~", "^/a)")).isInstanceOfSatisfying(Condition.RegexMatch.class, c -> assertThat(c.negated()).isTrue());
        assertThat(parse("($uri", "!~*", "^/a)")).isInstanceOfSatisfying(Condition.RegexMatch.class, c -> {
            assertThat(c.negated()).isTrue();
            assertThat(c.regex().matcher("/A").find()).isTrue();
        });
        assertThat(parse("(-f", "$request_filename)")).isInstanceOfSatisfying(Condition.FileTest.class,
                c -> assertThat(c.op()).isEqualTo(Condition.FileOp.FILE));
        assertThat(parse("(!-d", "/tmp)")).isInstanceOfSatisfying(Condition.FileTest.class, c -> {
            assertThat(c.op()).isEqualTo(Condition.FileOp.DIRECTORY);
            assertThat(c.negated()).isTrue();
        });
        assertThat(parse("(-e", "/tmp)")).isInstanceOfSatisfying(Condition.FileTest.class, c -> assertThat(c.op()).isEqualTo(Condition.FileOp.EXISTS));
        assertThat(parse("(!-x", "/tmp)")).isInstanceOfSatisfying(Condition.FileTest.class, c -> assertThat(c.op()).isEqualTo(Condition.FileOp.EXECUTABLE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$uri == x)      | unexpected \"==\" in condition",
        "(a)             | invalid condition \"a\"",
        "($uri           | invalid condition \"$uri\"",
        "($uri = x y)    | invalid condition \"$uri\"",
        "($uri = )       | invalid condition \"$uri\"",
        "($uri x)        | invalid condition \"$uri\"",
        "(-z $uri)       | invalid condition \"-z\"",
        "(-f)            | invalid condition \"-f\"",
        "(!-f $uri b)    | invalid condition \"!-f\"",
        "()              | invalid condition \")\"",
        "( )             | invalid condition \")\"",
        "(~ $uri)        | invalid condition \"~\"",
        "($uri ~ ( )     | pcre2_compile() failed: missing closing parenthesis in \"(\"",
    })
    void refusedAsNginxDoes(String words, String message) {
        String[] split = words.strip().split(" +");
        if (words.startsWith("$uri ==")) {
            split = new String[] {"($uri", "==", "x)"};
        } else if (words.strip().equals("( )")) {
            split = new String[] {"(", ")"};
        }
        String[] args = split;
        assertThatThrownBy(() -> IfConditionParser.parse(List.of(args))).hasMessage(message);
    }
}

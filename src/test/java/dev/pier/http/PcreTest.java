package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A regex Java refuses is reported in PCRE2's words where nginx 1.22 (pcre2) says the same thing. */
class PcreTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "(abc           | missing closing parenthesis in \"(abc\"",
        "a[b            | missing terminating ] for character class in \"a[b\"",
        "*a             | quantifier does not follow a repeatable item in \"*a\" at \"*a\"",
        "a**            | quantifier does not follow a repeatable item in \"a**\" at \"*\"",
        "a)             | unmatched closing parenthesis in \"a)\" at \")\"",
        "a{2,1}         | numbers out of order in {} quantifier in \"a{2,1}\" at \"}\"",
        "(?<n>a)(?<n>b) | two named subpatterns have the same name (PCRE2_DUPNAMES not set) in \"(?<n>a)(?<n>b)\" at \"b)\"",
        "(?z)           | unrecognized character after (? or (?- in \"(?z)\" at \"z)\"",
        "[z-a]          | range out of order in character class in \"[z-a]\" at \"a]\"",
        "(?P<1a>x)      | subpattern name must start with a non-digit in \"(?P<1a>x)\" at \"1a>x)\"",
    })
    void errorsSpeakPcre2(String regex, String message) {
        assertThatThrownBy(() -> Pcre.compile(regex.strip(), false)).hasMessage("pcre2_compile() failed: " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(?P<year>\\d+) | 2024 | true",
        "^/a.b$         | /a\\rb | true",
        "^/a.b$         | /a\\nb | false",
    })
    void compilesPcreSpellingsWithPcresNewline(String regex, String subject, boolean matches) {
        String s = subject.replace("\\r", "\r").replace("\\n", "\n");
        assertThat(Pcre.compile(regex.strip(), false).matcher(s).find()).isEqualTo(matches);
    }

    @org.junit.jupiter.api.Test void groupNamesJavaRefusesAreRespelled() {
        var m = Pcre.compile("^/(?<file_name>[a-z]+)/(?P<ext_1>\\w+)/\\k<file_name>/(?P=ext_1)$", false).matcher("/ab/c/ab/c");
        assertThat(m.find()).isTrue();
        assertThat(m.group(Pcre.javaGroupName("file_name"))).isEqualTo("ab");
        assertThat(m.group(Pcre.javaGroupName("ext_1"))).isEqualTo("c");
        assertThat(Pcre.javaGroupName("plain1")).isEqualTo("plain1");
        assertThat(Pcre.toJava("(?<=a)(?<!b)(?<n>c)")).isEqualTo("(?<=a)(?<!b)(?<n>c)");
    }
}

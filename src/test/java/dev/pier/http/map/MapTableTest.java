package dev.pier.http.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Key search as ngx_http_map_find: exact (case-insensitive), hostnames wildcards, regexes in order, default. */
class MapTableTest {
    private static MapValue v(String text) { return MapValue.compile(text); }

    private static String find(MapTable t, String source) { return t.find(source, null).toString(); }

    @Test void exactKeysIgnoreCaseAndDefaultIsEmptyUnlessSet() {
        MapTable.Builder b = new MapTable.Builder();
        assertThat(b.add("abc", v("one"))).isEqualTo(MapTable.Builder.Added.OK);
        assertThat(b.add("", v("empty"))).isEqualTo(MapTable.Builder.Added.OK);
        MapTable t = b.build();
        assertThat(find(t, "ABC")).isEqualTo("one");
        assertThat(find(t, "")).isEqualTo("empty");
        assertThat(find(t, "abcd")).isEmpty();
        b = new MapTable.Builder();
        b.defaultValue(v("dflt"));
        assertThat(find(b.build(), "x")).isEqualTo("dflt");
    }

    @Test void aKeyGivenTwiceConflicts() {
        MapTable.Builder b = new MapTable.Builder();
        b.add("a", v("1"));
        assertThat(b.add("a", v("2"))).isEqualTo(MapTable.Builder.Added.CONFLICT);
    }

    @Test void regexesComeAfterExactKeysInTheOrderWritten() {
        MapTable.Builder b = new MapTable.Builder();
        b.regex(Pattern.compile("^/a"), v("first"));
        b.regex(Pattern.compile("^/ab"), v("second"));
        b.add("/abc", v("exact"));
        MapTable t = b.build();
        assertThat(find(t, "/abc")).isEqualTo("exact");
        assertThat(find(t, "/abd")).isEqualTo("first");
        assertThat(find(t, "/x")).isEmpty();
    }

    @Test void regexesAreNotTriedOnAnEmptyValue() {
        MapTable.Builder b = new MapTable.Builder();
        b.regex(Pattern.compile("^$"), v("matched"));
        b.defaultValue(v("dflt"));
        assertThat(find(b.build(), "")).isEqualTo("dflt");
    }

    @Test void withoutHostnamesAWildcardIsAnExactKey() {
        MapTable.Builder b = new MapTable.Builder();
        b.add("*.example.com", v("star"));
        MapTable t = b.build();
        assertThat(find(t, "a.example.com")).isEmpty();
        assertThat(find(t, "*.example.com")).isEqualTo("star");
    }

    @Test void hostnamesPickTheDeepestWildcardAndDropATrailingDot() {
        MapTable.Builder b = new MapTable.Builder();
        b.hostnames();
        b.defaultValue(v("d"));
        b.add("example.com", v("exact"));
        b.add("*.example.com", v("star"));
        b.add(".b.example.com", v("dotb"));
        b.add("*.c.example.com", v("starc"));
        b.add("www.example.*", v("tail"));
        b.add("www.*", v("wtail"));
        b.add(".org", v("dotorg"));
        MapTable t = b.build();
        assertThat(find(t, "example.com")).isEqualTo("exact");
        assertThat(find(t, "EXAMPLE.com.")).isEqualTo("exact");
        assertThat(find(t, "a.example.com")).isEqualTo("star");
        assertThat(find(t, "b.example.com")).isEqualTo("dotb");
        assertThat(find(t, "x.b.example.com")).isEqualTo("dotb");
        assertThat(find(t, "c.example.com")).isEqualTo("star");
        assertThat(find(t, "x.c.example.com")).isEqualTo("starc");
        assertThat(find(t, "www.example.net")).isEqualTo("tail");
        assertThat(find(t, "www.example")).isEqualTo("wtail");
        assertThat(find(t, "www.foo")).isEqualTo("wtail");
        assertThat(find(t, "org")).isEqualTo("dotorg");
        assertThat(find(t, "a.org")).isEqualTo("dotorg");
        assertThat(find(t, "a.b.c.www.example.com")).isEqualTo("star");
        assertThat(find(t, ".")).isEqualTo("d");
        assertThat(find(t, "example.com..")).isEqualTo("d");
        assertThat(find(t, "www")).isEqualTo("d");
    }

    @Test void starOnlyWildcardFallsBackToAShorterDotWildcard() {
        MapTable.Builder b = new MapTable.Builder();
        b.hostnames();
        b.add(".com", v("dotcom"));
        b.add("*.example.com", v("star"));
        MapTable t = b.build();
        assertThat(find(t, "example.com")).isEqualTo("dotcom");
        assertThat(find(t, "a.example.com")).isEqualTo("star");
        assertThat(find(t, "com")).isEqualTo("dotcom");
    }

    @Test void hostnameConflictsAndInvalidWildcards() {
        MapTable.Builder b = new MapTable.Builder();
        b.hostnames();
        b.add("*.a.com", v("1"));
        assertThat(b.add(".a.com", v("2"))).isEqualTo(MapTable.Builder.Added.CONFLICT);
        b.add("b.com", v("1"));
        assertThat(b.add(".b.com", v("2"))).isEqualTo(MapTable.Builder.Added.CONFLICT);
        b.add(".c.com", v("1"));
        assertThat(b.add("c.com", v("2"))).isEqualTo(MapTable.Builder.Added.CONFLICT);
        assertThat(b.add("a.*.com", v("x"))).isEqualTo(MapTable.Builder.Added.INVALID);
        assertThat(b.add("*.*.com", v("x"))).isEqualTo(MapTable.Builder.Added.INVALID);
        assertThat(b.add("a..com", v("x"))).isEqualTo(MapTable.Builder.Added.INVALID);
        assertThat(b.add("*", v("x"))).isEqualTo(MapTable.Builder.Added.INVALID);
    }

    @Test void badRegexesAreReportedInPcre2Words() {
        assertThat(message("(abc")).isEqualTo("pcre2_compile() failed: missing closing parenthesis in \"(abc\"");
        assertThat(message("abc)")).isEqualTo("pcre2_compile() failed: unmatched closing parenthesis in \"abc)\" at \")\"");
        assertThat(message("a)b)")).isEqualTo("pcre2_compile() failed: unmatched closing parenthesis in \"a)b)\" at \")b)\"");
        assertThat(message("[a")).isEqualTo("pcre2_compile() failed: missing terminating ] for character class in \"[a\"");
        assertThat(message("a{2,1}")).isEqualTo("pcre2_compile() failed: numbers out of order in {} quantifier in \"a{2,1}\" at \"}\"");
        assertThat(message("\\")).isEqualTo("pcre2_compile() failed: \\ at end of pattern in \"\\\"");
        assertThat(message("+")).isEqualTo("pcre2_compile() failed: quantifier does not follow a repeatable item in \"+\" at \"+\"");
        assertThat(message("(?z)")).isEqualTo("pcre2_compile() failed: unrecognized character after (? or (?- in \"(?z)\" at \"z)\"");
        assertThat(message("[z-a]")).isEqualTo("pcre2_compile() failed: range out of order in character class in \"[z-a]\" at \"a]\"");
        assertThat(message("(?<n>a)(?<n>b)")).isEqualTo("pcre2_compile() failed: two named subpatterns have the same name "
                + "(PCRE2_DUPNAMES not set) in \"(?<n>a)(?<n>b)\" at \"b)\"");
        assertThat(message("(?<1a>x)")).isEqualTo("pcre2_compile() failed: subpattern name must start with a non-digit in \"(?<1a>x)\" at \"1a>x)\"");
    }

    private static String message(String regex) {
        try {
            PcreErrors.compile(regex, false);
            return "compiled";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}

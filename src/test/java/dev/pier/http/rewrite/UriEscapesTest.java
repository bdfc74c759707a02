package dev.pier.http.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The escaping of captures and the unescaping of redirects, with values nginx 1.22 produced. */
class UriEscapesTest {
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        UriEscapes.escapeArgs(s, sb);
        return sb.toString();
    }

    @Test void argumentEscapingCoversNginx122sSet() {
        assertThat(escape("a b/?&%c")).isEqualTo("a%20b/%3F%26%25c");
        assertThat(escape("a+b\"<>c")).isEqualTo("a%2Bb%22%3C%3Ec");
        assertThat(escape("#;\\^`{|}")).isEqualTo("%23%3B%5C%5E%60%7B%7C%7D");
        assertThat(escape("az-._~!$'()*,:=@[]")).isEqualTo("az-._~!$'()*,:=@[]");
        assertThat(escape("\u0001\u007f\u00e9")).isEqualTo("%01%7F%E9");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // what nginx 1.22 wrote in Location for these rewritten redirects
        "http://example.com/a%20b/%3F%26%25c?k=a%20b/%3F%26%25c | http://example.com/a%20b/?%26%25c?k=a%20b/%3F%26%25c",
        "http://example.com/a%2Bb%22%3C%3Ec?k=a%2Bb%22%3C%3Ec  | http://example.com/a+b%22<>c?k=a%2Bb%22%3C%3Ec",
        "/r/a%20b/%7e+                                          | /r/a%20b/~+",
        "/a%3fb%41                                              | /a?b%41",
        "/a%zz                                                  | /azz",
        "/a%4                                                   | /a",
        "/a%4g/b                                                | /a/b",
        "/%25%26%7F%80                                          | /%25&%7F%80",
    })
    void redirectsAreUnescapedUpToTheQuestionMark(String built, String sent) {
        assertThat(UriEscapes.unescapeRedirect(built)).isEqualTo(sent);
    }

    @Test void capturesAreEscapedWhenTheClientsPathHadAnEscapeOrAPlus() {
        assertThat(UriEscapes.requestPathEscaped("/a%20b")).isTrue();
        assertThat(UriEscapes.requestPathEscaped("/a+b")).isTrue();
        assertThat(UriEscapes.requestPathEscaped("/ab?x=%20+")).isFalse();
        assertThat(UriEscapes.requestPathEscaped("/ab#x+")).isFalse();
        assertThat(UriEscapes.requestPathEscaped("/plain/path")).isFalse();
    }
}

package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** $uri from the request path; every row was checked against nginx 1.22 ("400" = nginx answers 400). */
class UriNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/a/../../x     | 400",
            "/%2e%2e/x      | 400",
            "/a/%2e%2e/b    | /b",
            "//a//b         | /a/b",
            "/a/.           | /a/",
            "/a/..          | /",
            "/..            | 400",
            "/a/b/..        | /a/",
            "/%00           | 400",
            "/a%2fb         | /a/b",
            "/a/./b/./      | /a/b/",
            "/%zz           | 400",
            "/a%            | 400",
            "/a/...         | /a/...",
            "/.a/..b        | /.a/..b",
            "/a/b/c/../../d | /a/d",
            "/a/%2E%2E      | /",
            "/a/.%2e/b      | /b",
            "/%41%42        | /AB",
            "/a//../b       | /b",
            "/              | /",
    })
    void normalizesAsNginx(String raw, String expected) {
        String uri = UriNormalizer.normalize(raw, true);
        if (expected.equals("400")) {
            assertThat(uri).isNull();
        } else {
            assertThat(uri).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"//a//b | //a//b", "/a//../b | /a/b"})
    void keepsSlashesWhenMergeIsOff(String raw, String expected) {
        assertThat(UriNormalizer.normalize(raw, false)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a", "''", "*"})
    void rejectsPathsThatDoNotStartWithSlash(String raw) {
        assertThat(UriNormalizer.normalize(raw, true)).isNull();
    }
}

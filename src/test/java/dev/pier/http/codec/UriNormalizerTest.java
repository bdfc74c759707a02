package dev.pier.http.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Targets sent to nginx 1.22.1 and the {@code $uri} it made of each, or the 400 it answered. */
class UriNormalizerTest {

    static Stream<Arguments> nginxTargets() throws IOException {
        final List<Arguments> cases = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                UriNormalizerTest.class.getResourceAsStream("uri-normalization.tsv")), StandardCharsets.ISO_8859_1))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    final String[] f = line.split("\t", -1);
                    cases.add(arguments(f[0], f[1].equals("400"), f[2]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nginxTargets")
    void matchesNginx(String target, boolean refused, String nginxUri) {
        final var result = DecoderRun.defaults().whole("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        if (refused) {
            assertThat(result.error()).isEqualTo(
                    new Http1DecodeError(400, Http1DecodeError.INVALID_REQUEST, false, "GET", target));
            assertThat(UriNormalizer.normalize(target, true)).isNull();
        } else {
            assertThat(result.error()).isNull();
            assertThat(result.first().uri()).isEqualTo(target);
            assertThat(UriNormalizer.normalize(target, true)).isEqualTo(nginxUri);
        }
    }

    @Test
    void mergeSlashesOffKeepsThemAndClimbsLess() {
        assertThat(UriNormalizer.normalize("//a//b", false)).isEqualTo("//a//b");
        assertThat(UriNormalizer.normalize("//a//b", true)).isEqualTo("/a/b");
        assertThat(UriNormalizer.normalize("//../a", true)).isNull();
        assertThat(UriNormalizer.normalize("//../a", false)).isEqualTo("/a");
        final var lenient = new Http1Limits(1024, 4, 8192, true, false, false);
        assertThat(DecoderRun.with(lenient).whole("GET //../a HTTP/1.1\r\nHost: a\r\n\r\n").error()).isNull();
    }

    @Test
    void absoluteTargetWithoutPath() {
        assertThat(UriNormalizer.normalize("?x=1", true)).isEqualTo("/");
        assertThat(DecoderRun.defaults().whole("GET http://h?%zz HTTP/1.1\r\nHost: a\r\n\r\n").error()).isNull();
    }
}

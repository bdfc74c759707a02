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

/**
 * The header buffer limits against nginx 1.22.1: {@code header-buffer-cases.tsv} holds request heads
 * sent to nginx under four buffer configurations (the defaults and three small ones that make the
 * buffer boundaries fall everywhere) and the answer nginx gave.
 */
class HeaderBufferLimitsTest {

    static Stream<Arguments> nginxCases() throws IOException {
        final List<Arguments> cases = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                HeaderBufferLimitsTest.class.getResourceAsStream("header-buffer-cases.tsv")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                final String[] columns = line.split("\t");
                final String[] l = columns[0].split(" ");
                final var limits = new Http1Limits(Integer.parseInt(l[0]), Integer.parseInt(l[1]), Integer.parseInt(l[2]));
                cases.add(arguments(columns[0] + " | " + columns[1], limits, request(columns[1].trim()), columns[2]));
            }
        }
        return cases.stream();
    }

    /** Rebuilds a request head from its description (see the file's header). */
    private static String request(String spec) {
        final String[] f = spec.split(" +");
        final String nl = f[1].equals("lf") ? "\n" : "\r\n";
        final List<String> headers = new ArrayList<>();
        for (int i = 4; i < f.length; i++) {
            final int eq = f[i].lastIndexOf('=');
            headers.add(f[i].substring(0, eq) + ": " + "b".repeat(Integer.parseInt(f[i].substring(eq + 1))) + nl);
        }
        headers.add(Integer.parseInt(f[3]), "Host: a" + nl);
        return nl.repeat(Integer.parseInt(f[0])) + "GET /" + "a".repeat(Integer.parseInt(f[2])) + " HTTP/1.1" + nl
                + String.join("", headers) + nl;
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("nginxCases")
    void refusesTheHeadsNginxRefuses(String name, Http1Limits limits, String request, String nginx) {
        final var result = DecoderRun.with(limits).whole(request);
        switch (nginx) {
            case "ok" -> {
                assertThat(result.error()).isNull();
                assertThat(result.completeCount()).isOne();
            }
            case "414" -> assertThat(result.error()).isEqualTo(
                    new Http1DecodeError(414, Http1DecodeError.TOO_LONG_URI, false, "GET", null));
            default -> {
                assertThat(nginx).startsWith("494 ");
                assertThat(result.error()).isEqualTo(new Http1DecodeError(494, nginx.substring(4), true, "GET",
                        result.error().uri()));
                assertThat(result.error().uri()).startsWith("/");
            }
        }
        // nginx fills its buffers before it parses, so how the bytes arrive must not matter
        assertThat(DecoderRun.with(limits).split(DecoderRun.bytes(request), from -> 1 + from % 97))
                .isEqualTo(result);
    }

    @Test
    void emptyLinesBeforeTheRequestNeverRunOutOfBuffers() {
        final var result = DecoderRun.defaults().whole("\r\n".repeat(50_000) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(result.error()).isNull();
        assertThat(result.completeCount()).isOne();
    }

    @Test
    void budgetStartsAfreshForEachRequest() {
        // each of these needs two large buffers; four of them in a row must still pass
        final String one = "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(6000) + "\r\n\r\n";
        final var result = DecoderRun.defaults().whole(one.repeat(4));
        assertThat(result.error()).isNull();
        assertThat(result.completeCount()).isEqualTo(4);
    }
}

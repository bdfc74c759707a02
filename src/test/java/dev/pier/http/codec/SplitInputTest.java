package dev.pier.http.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** However the bytes of a connection are cut into reads, the decoder must make the same of them. */
class SplitInputTest {

    private static final String PIPELINE =
            "\r\n"
            + "GET /a?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\nX_Ignored: 1\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"
            + "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=\"q\"\r\nhello\r\n1\r\n \r\n5\nworld\n0\r\nX-Sum: 11\r\nX-Other: y\r\n\r\n"
            + "\n"
            + "GET http://h:8080/d HTTP/1.1\nHost: a\n\n"
            + "PATCH /e HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabc"
            + "DELETE /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0000000000a\r\n0123456789\r\n0\r\n\r\n";

    private static final String ENDS_IN_ERROR = PIPELINE + "GET /g HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + PIPELINE;

    private static final String ENDS_IN_CLOSE = PIPELINE + "GET /g HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" + PIPELINE;

    @Test
    void pipelineDecodesAsExpected() {
        final var result = DecoderRun.defaults().whole(PIPELINE);
        assertThat(result.error()).isNull();
        assertThat(result.requests()).extracting(DecoderRun.Request::uri)
                .containsExactly("/a?x=1", "/b", "/c", "http://h:8080/d", "/e", "/f");
        assertThat(result.requests()).extracting(DecoderRun.Request::bodyText)
                .containsExactly("", "hello world", "hello world", "", "abc", "0123456789");
        assertThat(result.requests().get(2).trailers()).hasSize(2);
        assertThat(result.requests()).allMatch(DecoderRun.Request::complete);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipeline", "error", "close"})
    void oneByteAtATime(String which) {
        final String input = input(which);
        assertThat(DecoderRun.defaults().byteByByte(DecoderRun.bytes(input)))
                .isEqualTo(DecoderRun.defaults().whole(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipeline", "error", "close"})
    void twoReadsSplitAtEveryOffset(String which) {
        final byte[] input = DecoderRun.bytes(input(which));
        final var whole = DecoderRun.defaults().whole(input);
        for (int cut = 1; cut < input.length; cut++) {
            final int at = cut;
            assertThat(DecoderRun.defaults().split(input, from -> from < at ? at - from : input.length))
                    .as("cut at %d", at).isEqualTo(whole);
        }
    }

    @Test
    void randomReads() {
        final Random random = new Random(42);
        for (String which : new String[] {"pipeline", "error", "close"}) {
            final byte[] input = DecoderRun.bytes(input(which));
            final var whole = DecoderRun.defaults().whole(input);
            for (int round = 0; round < 200; round++) {
                final long seed = random.nextLong();
                final Random sizes = new Random(seed);
                assertThat(DecoderRun.defaults().split(input, from -> 1 + sizes.nextInt(40)))
                        .as("%s, seed %d", which, seed).isEqualTo(whole);
            }
        }
    }

    @Test
    void endingInErrorOrCloseStopsThere() {
        final var error = DecoderRun.defaults().whole(ENDS_IN_ERROR);
        assertThat(error.requests()).hasSize(6);
        assertThat(error.error().reason()).isEqualTo(Http1DecodeError.DUPLICATE_HOST);

        final var close = DecoderRun.defaults().whole(ENDS_IN_CLOSE);
        assertThat(close.error()).isNull();
        assertThat(close.requests()).hasSize(7);
    }

    private static String input(String which) {
        return switch (which) {
            case "error" -> ENDS_IN_ERROR;
            case "close" -> ENDS_IN_CLOSE;
            default -> PIPELINE;
        };
    }
}

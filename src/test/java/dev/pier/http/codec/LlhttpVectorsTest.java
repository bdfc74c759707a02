package dev.pier.http.codec;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strict request cases of the llhttp parser's test suite ({@code meta.type == "request"}).
 *
 * <p>Where nginx 1.22.1 answers differently from llhttp's strict mode, the case is listed below with what
 * nginx does, and the decoder is held to nginx. Each listed behaviour was checked by sending the vector
 * to a loopback nginx 1.22.1 (with a Host header added, since nginx refuses HTTP/1.1 without one; the
 * decoder runs with that check off here for the same reason). No listed case lets two parsers disagree on
 * where a message ends: nginx either refuses, or reads a bare LF as a line end as RFC 9112 §2.2 allows.
 *
 * <p>The extraction dropped the final line end of each case, so one CRLF is put back when the bytes end
 * with a line feed.
 */
class LlhttpVectorsTest {

    private enum Nginx {
        /** llhttp refuses; nginx reads the case, completing {@code complete} requests. */
        ACCEPTS,
        /** llhttp reads the case; nginx refuses it with {@code status}. */
        REFUSES,
        /**
         * nginx waits for more bytes: it checks a header line when the line ends and Content-Length when
         * the head ends. With {@code status} > 0, ending the head then gives that error.
         */
        WAITS,
        /** llhttp refuses data after a request that ends the connection; nginx closes and never reads it. */
        CLOSES,
    }

    private record Deviation(Nginx nginx, int complete, int status, String why) {
    }

    private static Deviation accepts(int complete, String why) {
        return new Deviation(Nginx.ACCEPTS, complete, 0, why);
    }

    private static Deviation refuses(int status, String why) {
        return new Deviation(Nginx.REFUSES, 0, status, why);
    }

    private static Deviation waits(int statusOnceComplete, String why) {
        return new Deviation(Nginx.WAITS, 0, statusOnceComplete, why);
    }

    /**
     * As llhttp pauses after an Upgrade request, the decoder holds what follows it undecoded until the response
     * says whether the connection switched (nginx relays it then; if not, it is decoded as the next request).
     */
    private static Deviation heldAfterUpgrade() {
        return accepts(1, "what follows an Upgrade request waits undecoded for the response");
    }

    private static Deviation closes(String why) {
        return new Deviation(Nginx.CLOSES, 1, 0, why);
    }

    private static final Map<String, Deviation> NGINX = Map.ofEntries(
            entry("request/connection.md | No restart when keep-alive is off (1.0)",
                    closes("HTTP/1.0 without keep-alive: nginx answers once and closes")),
            entry("request/connection.md | CRLF between requests, explicit `close`",
                    closes("Connection: close: nginx answers once and closes")),
            entry("request/connection.md | CRLF between requests, explicit `close` followed by tab",
                    closes("Connection: close<TAB>: nginx answers once and closes")),
            entry("request/connection.md | Setting a flag and pausing",
                    accepts(1, "nginx reads an Upgrade request like any other; the handler decides to switch")),
            entry("request/connection.md | Multiple tokens with folding and LWS", heldAfterUpgrade()),
            entry("request/connection.md | Emitting part of body and pausing", heldAfterUpgrade()),
            entry("request/connection.md | Upgrade GET request", heldAfterUpgrade()),
            entry("request/connection.md | Upgrade POST request", heldAfterUpgrade()),
            entry("request/content-length.md | Error on `Content-Length` overflow",
                    waits(400, "the header line is unfinished; once the head ends nginx answers 400 (invalid Content-Length)")),
            entry("request/content-length.md | Error on duplicate `Content-Length`",
                    waits(400, "the second line is unfinished; once it ends nginx answers 400 (duplicate header line)")),
            entry("request/content-length.md | Tabs in `Content-Length` (surrounding)",
                    refuses(400, "nginx 1.22 trims only spaces, so \"\\t42\\t\" is an invalid Content-Length")),
            entry("request/content-length.md | Content-Length reset when no body is received",
                    waits(0, "the second request is inside the first one's 123-byte body, which is unfinished")),
            entry("request/invalid.md | HTTP protocol and ANNOUNCE method",
                    accepts(1, "nginx takes any method of [A-Z_-] (405/501 is for the handler)")),
            entry("request/invalid.md | Headers separated by LF",
                    waits(0, "nginx takes LF as a line end; the chunked body is unfinished")),
            entry("request/invalid.md | Empty headers separated by LF",
                    waits(0, "nginx takes LF as a line end; the chunked body is unfinished")),
            entry("request/invalid.md | Invalid header token #1",
                    accepts(1, "ignore_invalid_headers: nginx drops the \"Fo@\" line and serves the request")),
            entry("request/invalid.md | Invalid method",
                    accepts(1, "MKCOLA is a well-formed method for nginx")),
            entry("request/invalid.md | Missing CR between headers",
                    accepts(2, "nginx takes LF as a line end, so Content-Length: 23 frames the body")),
            entry("request/lenient-header-value-relaxed.md | Control char in header value (strict)",
                    accepts(1, "nginx takes control bytes other than NUL, CR and LF in values")),
            entry("request/lenient-headers.md | Header value",
                    accepts(1, "nginx takes control bytes other than NUL, CR and LF in values")),
            entry("request/method.md | M-SEARCH request",
                    refuses(400, "nginx refuses the asterisk target")),
            entry("request/method.md | SOURCE request with ICE",
                    refuses(400, "nginx speaks only HTTP/x.y")),
            entry("request/method.md | OPTIONS request with RTSP",
                    refuses(400, "nginx speaks only HTTP/x.y")),
            entry("request/method.md | ANNOUNCE request with RTSP",
                    refuses(400, "nginx speaks only HTTP/x.y")),
            entry("request/transfer-encoding.md | No semicolon before chunk extensions",
                    accepts(1, "nginx skips everything after a space that follows the chunk size")),
            entry("request/transfer-encoding.md | No extension after semicolon",
                    accepts(1, "nginx skips chunk extensions without parsing them")),
            entry("request/transfer-encoding.md | Unbalanced chunk extensions quoting",
                    waits(0, "nginx skips chunk extensions unparsed; the body is unfinished")),
            entry("request/transfer-encoding.md | POST with `chunked` as last transfer-encoding",
                    refuses(501, "nginx only knows Transfer-Encoding: chunked")),
            entry("request/transfer-encoding.md | POST with `chunked` as last transfer-encoding (multiple headers)",
                    refuses(400, "nginx refuses a second Transfer-Encoding line")),
            entry("request/transfer-encoding.md | Space after chunk header",
                    accepts(1, "nginx skips what follows a space after the chunk size")),
            entry("request/uri.md | Disallow UTF-8 in URI path in strict mode",
                    accepts(1, "nginx takes bytes above 0x7f in the target")),
            entry("request/uri.md | `host:port` and basic auth",
                    refuses(400, "nginx refuses userinfo in an absolute target")));

    @TestFactory
    List<DynamicTest> requestVectors() throws IOException {
        final List<DynamicTest> tests = new ArrayList<>();
        final Set<String> used = new HashSet<>();
        for (String line : Files.readAllLines(Vectors.file("llhttp/llhttp-vectors.jsonl"))) {
            final Map<String, Object> vector = MiniJson.object(MiniJson.parse(line));
            if (!"request".equals(MiniJson.object(vector.get("meta")).get("type"))) {
                continue;
            }
            final String key = vector.get("file") + " | " + vector.get("title");
            final Deviation deviation = NGINX.get(key);
            if (deviation != null) {
                assertThat(used.add(key)).as("one vector per listed title: " + key).isTrue();
            }
            final byte[] raw = Base64.getDecoder().decode((String) vector.get("raw_b64"));
            String input = new String(raw, StandardCharsets.ISO_8859_1);
            if (input.endsWith("\n")) {
                input += "\r\n";
            }
            final String bytes = input;
            final boolean error = "error".equals(vector.get("expect"));
            final int complete = ((Number) vector.get("messages_complete")).intValue();
            tests.add(DynamicTest.dynamicTest(key, () -> check(bytes, error, complete, deviation)));
        }
        assertThat(tests).as("request vectors").hasSizeGreaterThan(100);
        assertThat(used).as("every listed deviation matches a vector").containsExactlyInAnyOrderElementsOf(NGINX.keySet());
        return tests;
    }

    private static void check(String input, boolean llhttpError, int llhttpComplete, Deviation deviation) {
        final var result = DecoderRun.withoutHostCheck().whole(input);
        assertThat(DecoderRun.withoutHostCheck().byteByByte(DecoderRun.bytes(input))).as("byte by byte")
                .isEqualTo(result);
        if (deviation == null) {
            if (llhttpError) {
                assertThat(result.error()).as("refused").isNotNull();
            } else {
                assertThat(result.error()).as("no error").isNull();
                assertThat(result.completeCount()).as("complete requests").isEqualTo(llhttpComplete);
            }
            return;
        }
        switch (deviation.nginx()) {
            case ACCEPTS, CLOSES -> {
                assertThat(result.error()).as(deviation.why()).isNull();
                assertThat(result.completeCount()).as(deviation.why()).isEqualTo(deviation.complete());
            }
            case REFUSES -> {
                assertThat(result.error()).as(deviation.why()).isNotNull();
                assertThat(result.error().status()).as(deviation.why()).isEqualTo(deviation.status());
            }
            case WAITS -> {
                assertThat(result.error()).as(deviation.why()).isNull();
                assertThat(result.completeCount()).as(deviation.why()).isZero();
                if (deviation.status() > 0) {
                    final var ended = DecoderRun.withoutHostCheck().whole(input + "\r\n\r\n");
                    assertThat(ended.error()).as(deviation.why()).isNotNull();
                    assertThat(ended.error().status()).as(deviation.why()).isEqualTo(deviation.status());
                }
            }
        }
    }
}

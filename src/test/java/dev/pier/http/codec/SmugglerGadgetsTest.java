package dev.pier.http.codec;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Transfer-Encoding obfuscations of smuggler.py ({@code smuggler-te-gadgets.json}, all lists). Each
 * gadget is sent twice: alone with a chunked body, and next to a Content-Length. The decoder must make
 * of it exactly what nginx 1.22.1 made of it ({@code smuggler-te-nginx.tsv}), and never read a body
 * by its length while passing on a Transfer-Encoding header, nor the other way round.
 */
class SmugglerGadgetsTest {

    private static final String NEXT = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";

    @TestFactory
    List<DynamicTest> gadgets() throws IOException {
        final Map<String, String[]> nginx = nginxAnswers();
        final Map<String, Object> lists = MiniJson.object(MiniJson.parse(
                Files.readString(Vectors.file("smuggler/smuggler-te-gadgets.json"), StandardCharsets.UTF_8)));
        final List<DynamicTest> tests = new ArrayList<>();
        for (String list : List.of("default", "doubles", "exhaustive")) {
            for (Map.Entry<String, Object> gadget : MiniJson.object(lists.get(list)).entrySet()) {
                final String key = list + "/" + gadget.getKey();
                final String line = (String) gadget.getValue();
                final String[] expected = nginx.get(key);
                tests.add(DynamicTest.dynamicTest(key, () -> {
                    assertThat(expected).as("nginx's answer recorded for " + key).isNotNull();
                    check(line, expected[0], expected[1]);
                }));
            }
        }
        assertThat(tests).hasSize(nginx.size());
        return tests;
    }

    private static void check(String gadget, String nginxAlone, String nginxWithLength) {
        // Strings from the JSON are code points below 256: send them as those bytes
        final String alone = "POST / HTTP/1.1\r\nHost: a\r\n" + gadget + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + NEXT;
        final String withLength = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n" + gadget + "\r\n\r\n0\r\n\r\n" + NEXT;

        final var a = DecoderRun.defaults().whole(alone);
        assertThat(classifyAlone(a)).as("with a chunked body").isEqualTo(nginxAlone);
        assertThat(DecoderRun.defaults().byteByByte(DecoderRun.bytes(alone))).isEqualTo(a);

        final var b = DecoderRun.defaults().whole(withLength);
        assertThat(classifyWithLength(b)).as("next to Content-Length").isEqualTo(nginxWithLength);
        assertThat(DecoderRun.defaults().byteByByte(DecoderRun.bytes(withLength))).isEqualTo(b);

        for (var request : a.requests()) {
            unambiguous(request);
        }
        for (var request : b.requests()) {
            unambiguous(request);
        }
        if (nginxAlone.equals("chunked")) {
            assertThat(a.first().headers()).filteredOn(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding"))
                    .singleElement().satisfies(h -> assertThat(h.getValue()).isEqualToIgnoringCase("chunked"));
        }
    }

    /** A request framed by one mechanism never carries the other's header to whoever reads it next. */
    private static void unambiguous(DecoderRun.Request request) {
        final boolean te = request.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding"));
        final boolean cl = request.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Length"));
        assertThat(te && cl).as("both Content-Length and Transfer-Encoding passed on").isFalse();
    }

    private static String classifyAlone(DecoderRun.Result r) {
        if (refusedFirst(r)) {
            return status(r);
        }
        if (r.error() == null && r.completeCount() == 2 && r.first().bodyText().equals("hello")
                && r.requests().get(1).uri().equals("/next")) {
            return "chunked";
        }
        if (r.completeCount() == 1 && r.first().bodyText().isEmpty() && r.status() == 400) {
            return "no-body";
        }
        return "unexpected " + r;
    }

    private static String classifyWithLength(DecoderRun.Result r) {
        if (refusedFirst(r)) {
            return status(r);
        }
        if (r.first().complete() && r.first().bodyText().length() == 5) {
            if (r.error() == null && r.completeCount() == 2 && r.first().bodyText().equals("0\r\n\r\n")
                    && r.requests().get(1).uri().equals("/next")) {
                return "length";
            }
            // the head ended early (a bare LF line): five bytes of what followed were the body
            if (r.completeCount() == 1 && r.status() == 400) {
                return "length-then-400";
            }
        }
        return "unexpected " + r;
    }

    /** nginx answered the POST itself with an error: refused in its head, or in its chunked body. */
    private static boolean refusedFirst(DecoderRun.Result r) {
        return r.requests().isEmpty() || (!r.first().complete() && r.error() != null);
    }

    private static String status(DecoderRun.Result r) {
        // 494 is sent as 400
        return r.error() == null ? "no answer" : String.valueOf(r.status() == 494 ? 400 : r.status());
    }

    private static Map<String, String[]> nginxAnswers() throws IOException {
        final Map<String, String[]> answers = new HashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                SmugglerGadgetsTest.class.getResourceAsStream("smuggler-te-nginx.tsv")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                final String[] f = line.split("\t");
                answers.put(f[0] + "/" + f[1], new String[] {f[2], f[3]});
            }
        }
        return answers;
    }
}

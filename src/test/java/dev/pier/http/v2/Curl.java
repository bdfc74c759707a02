package dev.pier.http.v2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the curl command line (a real HTTP/2 client) and parses what it printed with {@code -i}. */
final class Curl {
    /** One answer: status, headers (names lower-cased, last value wins), body bytes as ISO-8859-1 text. */
    record Answer(String protocol, int status, Map<String, String> headers, String body) { }

    private Curl() { }

    /** {@code curl -s -i --http2-prior-knowledge} with {@code args} (the URL among them). */
    static Answer h2(String... args) { return run("--http2-prior-knowledge", args); }

    /** {@code curl -s -i --http1.1}. */
    static Answer h1(String... args) { return run("--http1.1", args); }

    static Answer run(String protocolFlag, String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "20", protocolFlag));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            p.waitFor(30, TimeUnit.SECONDS);
            return parse(out.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer("", 0, Map.of(), raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        String[] status = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new Answer(status[0], Integer.parseInt(status[1]), headers, raw.substring(end + 4));
    }
}

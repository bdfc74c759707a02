package dev.pier.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One HTTP/1.x response as it came off the wire: status line, headers in order, decoded body. */
record RawResponse(String statusLine, List<String[]> headers, byte[] body, boolean complete) {

    int status() {
        String[] parts = statusLine.split(" ", 3);
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** All values of {@code name} joined by ", " (the order they came in), or null when absent. */
    String header(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /**
     * Parses one response from {@code data} at {@code offset}; returns null until enough bytes are there.
     * {@code eof} lets a body delimited by the close end; {@code headRequest} means no body.
     */
    static Parsed parse(byte[] data, int offset, int length, boolean eof, boolean headRequest) {
        int headEnd = indexOf(data, offset, length, "\r\n\r\n");
        if (headEnd < 0) {
            if (eof && length > offset) {
                // HTTP/0.9 answer or a cut head: keep it all as the body so it is still compared
                String text = new String(data, offset, length - offset, java.nio.charset.StandardCharsets.ISO_8859_1);
                return new Parsed(new RawResponse("(no status line)", List.of(), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), false), length);
            }
            return null;
        }
        String head = new String(data, offset, headEnd - offset, java.nio.charset.StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(colon < 0 ? new String[] {lines[i], ""}
                    : new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()});
        }
        RawResponse bare = new RawResponse(lines[0], headers, new byte[0], true);
        int bodyStart = headEnd + 4;
        int status = bare.status();
        if (headRequest || status / 100 == 1 || status == 204 || status == 304) {
            return new Parsed(bare, bodyStart);
        }
        String te = bare.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked(data, bodyStart, length, eof, bare);
        }
        String cl = bare.header("Content-Length");
        if (cl != null) {
            long n;
            try {
                n = Long.parseLong(cl.strip());
            } catch (NumberFormatException e) {
                n = length - bodyStart;
            }
            if (length - bodyStart < n) {
                return eof ? new Parsed(bare.withBody(data, bodyStart, length, false), length) : null;
            }
            return new Parsed(bare.withBody(data, bodyStart, bodyStart + (int) n, true), bodyStart + (int) n);
        }
        return eof ? new Parsed(bare.withBody(data, bodyStart, length, true), length) : null;
    }

    private static Parsed chunked(byte[] data, int pos, int length, boolean eof, RawResponse bare) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            int lineEnd = indexOf(data, pos, length, "\r\n");
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(data, pos, lineEnd - pos, java.nio.charset.StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            int chunkStart = lineEnd + 2;
            if (size == 0) {
                int trailerEnd = indexOf(data, lineEnd, length, "\r\n\r\n");
                if (trailerEnd < 0) {
                    break;
                }
                return new Parsed(new RawResponse(bare.statusLine(), bare.headers(), body.toByteArray(), true), trailerEnd + 4);
            }
            if (length < chunkStart + size + 2) {
                break;
            }
            body.write(data, chunkStart, size);
            pos = chunkStart + size + 2;
        }
        return eof ? new Parsed(new RawResponse(bare.statusLine(), bare.headers(), body.toByteArray(), false), length) : null;
    }

    private RawResponse withBody(byte[] data, int from, int to, boolean whole) {
        return new RawResponse(statusLine, headers, java.util.Arrays.copyOfRange(data, from, to), whole);
    }

    private static int indexOf(byte[] data, int from, int to, String needle) {
        outer:
        for (int i = from; i <= to - needle.length(); i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (data[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A parsed response and the offset just after it. */
    record Parsed(RawResponse response, int end) { }
}

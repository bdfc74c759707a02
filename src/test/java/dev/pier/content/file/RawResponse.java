package dev.pier.content.file;

import java.util.LinkedHashMap;
import java.util.Map;

/** A response read off a raw socket: status line, headers (last value wins), body bytes as ISO-8859-1. */
record RawResponse(String statusLine, Map<String, String> headers, String headBlock, String body) {
    static RawResponse parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete head in: " + raw);
        }
        String head = raw.substring(0, end);
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new RawResponse(lines[0], headers, head, raw.substring(end + 4));
    }

    int status() { return Integer.parseInt(statusLine.split(" ")[1]); }

    String header(String name) { return headers.get(name.toLowerCase(java.util.Locale.ROOT)); }
}

package dev.pier.proxy.header;

import java.util.ArrayList;
import java.util.List;

/** A response read off a socket: status, header lines in order, body. */
record RawResponse(int status, List<String[]> headers, String body) {
    static RawResponse parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete response head in: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()});
        }
        return new RawResponse(status, headers, raw.substring(end + 4));
    }

    /** The header lines of a request head (its request line left out), as "Name: value". */
    static List<String> requestHeaderLines(String head) {
        List<String> out = new ArrayList<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                out.add(lines[i]);
            }
        }
        return out;
    }
}

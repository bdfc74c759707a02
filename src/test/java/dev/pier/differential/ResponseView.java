package dev.pier.differential;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The part of an answer the two servers must agree on, as text: status line, the key headers in a fixed
 * order, the body, and how the connection ended when responses were missing. Server names and versions
 * become {@code @SERVER@}, the server's own port {@code @PORT@}; Date is dropped, and Server unless it is not the
 * server's own name (a backend's, passed on by {@code proxy_pass_header Server}).
 */
final class ResponseView {
    static final List<String> KEY_HEADERS = List.of("Location", "Content-Type", "Content-Length", "Transfer-Encoding",
            "Content-Range", "Accept-Ranges", "Allow", "Last-Modified", "ETag", "Cache-Control", "Expires", "Connection", "Set-Cookie", "Refresh",
            "Upgrade", "Sec-WebSocket-Accept", "WWW-Authenticate", "Strict-Transport-Security", "Alt-Svc");

    /** How one server names itself: in full (server_tokens on) and bare. */
    record Identity(String full, String bare, int port) {
        static final String PLACEHOLDER = "@SERVER@";

        String normalize(String text) {
            return text.replace(full, PLACEHOLDER).replace("<center>" + bare + "</center>", "<center>" + PLACEHOLDER + "</center>")
                    .replace(Integer.toString(port), "@PORT@");
        }

        /** A HEAD answer has no body to normalise: adjust its Content-Length as if its page named @SERVER@. */
        long headLength(long length) { return length - full.length() + PLACEHOLDER.length(); }
    }

    private ResponseView() { }

    static String render(RawExchange.Answer answer, Identity id, boolean headRequest) {
        StringBuilder sb = new StringBuilder();
        for (RawResponse r : answer.responses()) {
            render(sb, r, id, headRequest);
        }
        if (!answer.ending().isEmpty()) {
            sb.append("[connection ").append(answer.ending()).append(" after ").append(answer.responses().size())
                    .append(" response(s)]\n");
        }
        return sb.toString();
    }

    private static void render(StringBuilder sb, RawResponse r, Identity id, boolean headRequest) {
        sb.append(r.statusLine()).append('\n');
        String rawBody = new String(r.body(), StandardCharsets.ISO_8859_1);
        String body = id.normalize(rawBody);
        for (String name : KEY_HEADERS) {
            String value = r.header(name);
            if (value == null) {
                continue;
            }
            if (name.equals("Content-Length")) {
                value = length(value, rawBody, body, r, id, headRequest);
            } else {
                value = id.normalize(value);
            }
            sb.append(name).append(": ").append(value).append('\n');
        }
        String server = r.header("Server");
        if (server != null && !server.equals(id.full()) && !server.equals(id.bare())) {
            sb.append("Server: ").append(server).append('\n');
        }
        // headers a configuration adds (add_header): every X- header and Link, in the order they came
        for (String[] h : r.headers()) {
            if (h[0].regionMatches(true, 0, "X-", 0, 2) || h[0].equalsIgnoreCase("Link")) {
                sb.append(h[0]).append(": ").append(id.normalize(h[1])).append('\n');
            }
        }
        sb.append('\n').append(body);
        if (!r.complete()) {
            sb.append("[body cut short]");
        }
        sb.append("\n---\n");
    }

    /** Content-Length after the body's normalisation; a value that disagrees with the body is shown as is. */
    private static String length(String value, String rawBody, String body, RawResponse r, Identity id, boolean headRequest) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return value;
        }
        if (headRequest) {
            String type = r.header("Content-Type");
            return r.status() >= 300 && type != null && type.startsWith("text/html") ? Long.toString(id.headLength(n)) : value;
        }
        return n == rawBody.length() ? Integer.toString(body.length()) : value + " (body has " + rawBody.length() + ")";
    }
}

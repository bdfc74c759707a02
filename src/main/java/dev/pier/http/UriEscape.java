package dev.pier.http;

/** nginx's ngx_escape_uri and ngx_escape_html for the tables Pier needs (static files, autoindex, the proxy's upstream URI). */
public final class UriEscape {
    /** NGX_ESCAPE_URI: controls, space, '#', '%', '?', DEL and bytes above 0x7f (a directory redirect's Location, an upstream URI). */
    private static final int[] URI = {0xffffffff, 0x80000029, 0x00000000, 0x80000000,
        0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};
    /** NGX_ESCAPE_URI_COMPONENT: everything but letters, digits and "-._~" (autoindex links). */
    private static final int[] COMPONENT = {0xffffffff, 0xfc009fff, 0x78000001, 0xb8000001,
        0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEscape() { }

    /** Escapes a byte string (one char per byte) for a URI path. */
    public static String uri(String bytes) { return escape(bytes, URI); }

    /** Escapes a byte string (one char per byte) as a URI component. */
    public static String component(String bytes) { return escape(bytes, COMPONENT); }

    private static String escape(String s, int[] table) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i) & 0xff;
            boolean esc = (table[c >>> 5] & (1 << (c & 0x1f))) != 0;
            if (esc && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (esc) {
                    sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
                } else {
                    sb.append((char) c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** ngx_escape_html: {@code < > & "}. */
    public static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean needsHtml(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<' || c == '>' || c == '&' || c == '"') {
                return true;
            }
        }
        return false;
    }
}

package dev.pier.http.rewrite;

/**
 * The URI escaping the rewrite module applies to captures (nginx 1.22's ngx_escape_uri with NGX_ESCAPE_ARGS)
 * and the unescaping of a rewritten redirect (ngx_unescape_uri with NGX_UNESCAPE_REDIRECT).
 */
final class UriEscapes {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** NGX_ESCAPE_ARGS of nginx 1.22: " ", "#", "%", "&", "+", ";", "?", controls, and "\"<>\\^`{|}", DEL, 8-bit. */
    private static final int[] ARGS = {
        0xffffffff, 0xd800086d, 0x50000000, 0xb8000001, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff
    };

    private UriEscapes() { }

    static boolean escapedInArgs(int ch) {
        return (ARGS[(ch >> 5) & 7] & (1 << (ch & 0x1f))) != 0;
    }

    /** Appends {@code s} (bytes as chars 0..255) with nginx's argument escaping. */
    static void escapeArgs(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            int ch = s.charAt(i) & 0xff;
            if (escapedInArgs(ch)) {
                out.append('%').append(HEX[ch >> 4]).append(HEX[ch & 0xf]);
            } else {
                out.append((char) ch);
            }
        }
    }

    /**
     * nginx's NGX_UNESCAPE_REDIRECT: decodes %XX up to the first '?' (written or decoded), keeping escapes of
     * characters up to '%' and of DEL and 8-bit bytes; the rest after the '?' is kept as it is.
     */
    static String unescapeRedirect(String s) {
        StringBuilder d = new StringBuilder(s.length());
        int state = 0;   // 0 usual, 1 after '%', 2 after the first hex digit
        int decoded = 0;
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i++);
            if (state == 0) {
                if (ch == '?') {
                    d.append(ch);
                    break;
                }
                if (ch == '%') {
                    state = 1;
                } else {
                    d.append(ch);
                }
            } else if (state == 1) {
                int h = hex(ch);
                if (h >= 0) {
                    decoded = h;
                    state = 2;
                } else {
                    // an invalid escape: nginx drops the '%' and keeps the character
                    state = 0;
                    d.append(ch);
                }
            } else {
                state = 0;
                int h = hex(ch);
                if (h < 0) {
                    continue;   // an invalid second digit: nginx drops the whole escape
                }
                int c = (decoded << 4) + h;
                if (c == '?') {
                    d.append('?');
                    break;
                }
                if (c > '%' && c < 0x7f) {
                    d.append((char) c);
                } else {
                    d.append('%').append(s, i - 2, i);
                }
            }
        }
        return d.append(s, i, s.length()).toString();
    }

    private static int hex(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        char c = (char) (ch | 0x20);
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /**
     * nginx's r->quoted_uri || r->plus_in_uri: the path the client sent (before '?' or '#') has a '%' escape
     * or a '+'. Captures are then re-escaped where they land in a redirect or in arguments.
     */
    static boolean requestPathEscaped(String requestUri) {
        for (int i = 0; i < requestUri.length(); i++) {
            char c = requestUri.charAt(i);
            if (c == '?' || c == '#') {
                return false;
            }
            if (c == '%' || c == '+') {
                return true;
            }
        }
        return false;
    }
}

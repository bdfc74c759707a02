package dev.pier.http.codec;

import java.nio.charset.StandardCharsets;

/**
 * nginx's {@code ngx_http_parse_complex_uri}: decodes %XX, resolves "." and ".." segments and (with
 * {@code merge_slashes}) merges "//". nginx runs it on the request line's path when the parser saw "/.",
 * "//", "#", "%" or an absolute target without a path, and answers 400 when it fails: a bad or NUL escape,
 * or ".." above the root. The decoder uses it to refuse those targets; {@link #normalize(String, boolean)}
 * gives the path nginx matches locations against ({@code $uri}).
 */
public final class UriNormalizer {

    private static final int USUAL = 0;
    private static final int SLASH = 1;
    private static final int DOT = 2;
    private static final int DOT_DOT = 3;
    private static final int QUOTED = 4;
    private static final int QUOTED_SECOND = 5;

    /** The bytes the normalizer copies without a second look (nginx's usual table). */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x21; c < 256; c++) {
            PLAIN[c] = c != '#' && c != '%' && c != '+' && c != '.' && c != '/' && c != '?' && c != 0x7f;
        }
    }

    private UriNormalizer() {
    }

    /**
     * nginx's {@code $uri} for the path and query of a request target as sent: {@code "/a/%2e%2e/b?x"}
     * gives {@code "/b"}. Bytes are chars 0-255 (ISO-8859-1), as the decoder gives the target.
     *
     * @param pathAndQuery the target from its first "/" (or "?" when an absolute target has no path)
     * @return the normalized path, or null where nginx answers 400
     */
    public static String normalize(String pathAndQuery, boolean mergeSlashes) {
        final byte[] in = pathAndQuery.getBytes(StandardCharsets.ISO_8859_1);
        final boolean emptyPath = in.length > 0 && in[0] == '?';
        final byte[] out = new byte[in.length + 1];
        final int len = normalize(in, 0, in.length, emptyPath, mergeSlashes, out);
        return len < 0 ? null : new String(out, 0, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * Normalizes the path of {@code in[off, off + len)} (a path with optional "?args" and "#fragment")
     * into {@code out}, which must hold at least {@code len + 1} bytes.
     *
     * @param emptyPath the target was "scheme://host?args": nginx puts a "/" in front
     * @return the length of the normalized path, or -1 where nginx answers 400
     */
    static int normalize(byte[] in, int off, int len, boolean emptyPath, boolean mergeSlashes, byte[] out) {
        int u = 0;
        if (emptyPath) {
            out[u++] = '/';
        }
        int state = USUAL;
        int quotedState = USUAL;
        int decoded = 0;
        int p = 0;
        int ch = at(in, off, len, p++);
        while (p <= len) {
            switch (state) {
                case USUAL:
                    if (PLAIN[ch]) {
                        out[u++] = (byte) ch;
                        ch = at(in, off, len, p++);
                        break;
                    }
                    switch (ch) {
                        case '/':
                            state = SLASH;
                            out[u++] = (byte) ch;
                            break;
                        case '%':
                            quotedState = state;
                            state = QUOTED;
                            break;
                        case '?':
                        case '#':
                            return u;
                        default:
                            out[u++] = (byte) ch;
                            break;
                    }
                    ch = at(in, off, len, p++);
                    break;

                case SLASH:
                    if (PLAIN[ch]) {
                        state = USUAL;
                        out[u++] = (byte) ch;
                        ch = at(in, off, len, p++);
                        break;
                    }
                    switch (ch) {
                        case '/':
                            if (!mergeSlashes) {
                                out[u++] = (byte) ch;
                            }
                            break;
                        case '.':
                            state = DOT;
                            out[u++] = (byte) ch;
                            break;
                        case '%':
                            quotedState = state;
                            state = QUOTED;
                            break;
                        case '?':
                        case '#':
                            return u;
                        default:
                            state = USUAL;
                            out[u++] = (byte) ch;
                            break;
                    }
                    ch = at(in, off, len, p++);
                    break;

                case DOT:
                    if (PLAIN[ch]) {
                        state = USUAL;
                        out[u++] = (byte) ch;
                        ch = at(in, off, len, p++);
                        break;
                    }
                    switch (ch) {
                        case '/':
                            state = SLASH;
                            u--;
                            break;
                        case '.':
                            state = DOT_DOT;
                            out[u++] = (byte) ch;
                            break;
                        case '%':
                            quotedState = state;
                            state = QUOTED;
                            break;
                        case '?':
                        case '#':
                            return u - 1;
                        default:
                            state = USUAL;
                            out[u++] = (byte) ch;
                            break;
                    }
                    ch = at(in, off, len, p++);
                    break;

                case DOT_DOT:
                    if (PLAIN[ch]) {
                        state = USUAL;
                        out[u++] = (byte) ch;
                        ch = at(in, off, len, p++);
                        break;
                    }
                    switch (ch) {
                        case '/':
                        case '?':
                        case '#':
                            u = parentOf(out, u);
                            if (u < 0 || ch != '/') {
                                return u;
                            }
                            state = SLASH;
                            break;
                        case '%':
                            quotedState = state;
                            state = QUOTED;
                            break;
                        default:
                            state = USUAL;
                            out[u++] = (byte) ch;
                            break;
                    }
                    ch = at(in, off, len, p++);
                    break;

                case QUOTED: {
                    final int digit = hexValue(ch);
                    if (digit < 0) {
                        return -1;
                    }
                    decoded = digit;
                    state = QUOTED_SECOND;
                    ch = at(in, off, len, p++);
                    break;
                }

                case QUOTED_SECOND: {
                    final int digit = hexValue(ch);
                    if (digit < 0) {
                        return -1;
                    }
                    ch = (decoded << 4) + digit;
                    // nginx keeps an escaped '%', '#' or '?' as a literal character of the path
                    if (ch == '%' || ch == '#' || ch == '?') {
                        state = USUAL;
                        out[u++] = (byte) ch;
                        ch = at(in, off, len, p++);
                        break;
                    }
                    if (ch == 0) {
                        return -1;
                    }
                    // the decoded byte is read again in the state the escape appeared in
                    state = quotedState;
                    break;
                }

                default:
                    throw new IllegalStateException("state: " + state);
            }
        }
        if (state == QUOTED || state == QUOTED_SECOND) {
            return -1;
        }
        if (state == DOT) {
            return u - 1;
        }
        if (state == DOT_DOT) {
            return parentOf(out, u);
        }
        return u;
    }

    /** Drops "/segment/.." at the end of {@code out[0, u)}; -1 when it climbs above the root. */
    private static int parentOf(byte[] out, int u) {
        for (u -= 4; u >= 0; u--) {
            if (out[u] == '/') {
                return u + 1;
            }
        }
        return -1;
    }

    private static int at(byte[] in, int off, int len, int p) {
        return p < len ? in[off + p] & 0xff : 0;
    }

    private static int hexValue(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        final int c = ch | 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}

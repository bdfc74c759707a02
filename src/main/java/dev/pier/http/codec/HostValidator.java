package dev.pier.http.codec;

import java.nio.charset.StandardCharsets;

/**
 * nginx 1.22's {@code ngx_http_validate_host}, for the Host header and the host of an absolute target: the
 * decoder refuses what it refuses, and the request path takes the host nginx would keep ({@link #normalize}).
 */
public final class HostValidator {

    private HostValidator() {
    }

    /**
     * Whether nginx takes {@code a[from, to)} as a host: no "/", no space or control byte, no "..", and
     * something left once the port and one trailing dot are cut off.
     */
    static boolean isValid(byte[] a, int from, int to) {
        return hostLength(a, from, to) > 0;
    }

    /**
     * The host nginx keeps for {@code host} (bytes as chars 0-255): without the port and one trailing dot,
     * A-Z lowercased as ngx_tolower (bytes above 0x7f stay as sent); null where nginx answers 400.
     */
    public static String normalize(String host) {
        byte[] a = host.getBytes(StandardCharsets.ISO_8859_1);
        int n = hostLength(a, 0, a.length);
        if (n <= 0) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (a[i] >= 'A' && a[i] <= 'Z') {
                a[i] += 32;
            }
        }
        return new String(a, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The length of the host part of {@code a[from, to)}, or -1 where nginx refuses it (0 when nothing is left). */
    private static int hostLength(byte[] a, int from, int to) {
        final int len = to - from;
        int dotPos = len;
        int hostLen = len;
        boolean literal = false;
        boolean rest = false;
        for (int i = 0; i < len; i++) {
            final int ch = a[from + i] & 0xff;
            switch (ch) {
                case '.':
                    if (dotPos == i - 1) {
                        return -1;
                    }
                    dotPos = i;
                    break;
                case ':':
                    if (!literal && !rest) {
                        hostLen = i;
                        rest = true;
                    }
                    break;
                case '[':
                    if (i == 0) {
                        literal = true;
                    }
                    break;
                case ']':
                    if (literal && !rest) {
                        hostLen = i + 1;
                        literal = false;
                        rest = true;
                    }
                    break;
                default:
                    if (ch == '/' || ch <= 0x20 || ch == 0x7f) {
                        return -1;
                    }
                    break;
            }
        }
        if (dotPos == hostLen - 1) {
            hostLen--;
        }
        return hostLen;
    }
}

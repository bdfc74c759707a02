package dev.pier.http.codec;

/** nginx 1.22's {@code ngx_http_validate_host}, for the Host header and the host of an absolute target. */
final class HostValidator {

    private HostValidator() {
    }

    /**
     * Whether nginx takes {@code a[from, to)} as a host: no "/", no space or control byte, no "..", and
     * something left once the port and one trailing dot are cut off.
     */
    static boolean isValid(byte[] a, int from, int to) {
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
                        return false;
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
                        return false;
                    }
                    break;
            }
        }
        if (dotPos == hostLen - 1) {
            hostLen--;
        }
        return hostLen > 0;
    }
}

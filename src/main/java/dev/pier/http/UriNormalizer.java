package dev.pier.http;

/**
 * Turns the path of a request target into nginx's {@code $uri}: percent-decoded, "." and ".." segments
 * resolved, repeated slashes merged when {@code merge_slashes} is on. Works on byte strings (one char per
 * byte, ISO-8859-1) so that any byte sequence survives unchanged. Returns null where nginx answers 400:
 * a ".." that climbs above the root, a decoded NUL, a malformed escape, a path that does not start with '/'.
 */
public final class UriNormalizer {
    private UriNormalizer() { }

    public static String normalize(String rawPath, boolean mergeSlashes) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        char[] out = new char[rawPath.length()];
        int n = 0;
        int i = 0;
        int len = rawPath.length();
        while (i < len) {
            char c = rawPath.charAt(i++);
            if (c == '%') {
                if (i + 2 > len) {
                    return null;
                }
                int hi = hex(rawPath.charAt(i));
                int lo = hex(rawPath.charAt(i + 1));
                if (hi < 0 || lo < 0) {
                    return null;
                }
                c = (char) (hi << 4 | lo);
                i += 2;
                if (c == 0) {
                    return null;
                }
            } else if (c == 0) {
                return null;
            }
            if (c == '/' && mergeSlashes && n > 0 && out[n - 1] == '/') {
                continue;
            }
            out[n++] = c;
            // resolve "/." and "/.." when the segment ends here (next char is '/' or the end)
            if (c == '/' || i == len) {
                n = dotSegments(out, n, c == '/');
                if (n < 0) {
                    return null;
                }
            }
        }
        return new String(out, 0, n);
    }

    /** Looks at the segment just completed in out[0..n) and removes it if it is "." or "..". */
    private static int dotSegments(char[] out, int n, boolean endsWithSlash) {
        int end = endsWithSlash ? n - 1 : n;          // exclusive end of the segment
        int start = end;
        while (start > 0 && out[start - 1] != '/') {
            start--;
        }
        int segLen = end - start;
        if (segLen == 1 && out[start] == '.') {
            return start;                              // "/a/./" -> "/a/", "/a/." -> "/a/"
        }
        if (segLen == 2 && out[start] == '.' && out[start + 1] == '.') {
            int parentEnd = start - 1;                 // the '/' before ".."
            if (parentEnd <= 0) {
                return -1;                             // above the root
            }
            int parentStart = parentEnd;
            while (parentStart > 0 && out[parentStart - 1] != '/') {
                parentStart--;
            }
            return parentStart;
        }
        return n;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}

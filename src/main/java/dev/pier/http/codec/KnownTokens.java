package dev.pier.http.codec;

import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Shared instances for the methods and header names nearly every request carries, so that decoding them
 * allocates nothing; and the lookup of the request headers nginx itself acts on.
 */
final class KnownTokens {

    /** Header names nginx gives a handler while it reads the head (ngx_http_headers_in). */
    static final int OTHER = -1;
    static final int HOST = 0;
    static final int CONNECTION = 1;
    static final int CONTENT_LENGTH = 2;
    static final int TRANSFER_ENCODING = 3;
    // nginx 1.22 refuses a second line of each of these (ngx_http_process_unique_header_line)
    static final int CONTENT_RANGE = 4;
    static final int IF_MODIFIED_SINCE = 5;
    static final int IF_UNMODIFIED_SINCE = 6;
    static final int IF_MATCH = 7;
    static final int IF_NONE_MATCH = 8;
    static final int IF_RANGE = 9;
    static final int EXPECT = 10;
    static final int AUTHORIZATION = 11;

    private static final byte[][] NAMED = {
        ascii("host"), ascii("connection"), ascii("content-length"), ascii("transfer-encoding"),
        ascii("content-range"), ascii("if-modified-since"), ascii("if-unmodified-since"), ascii("if-match"),
        ascii("if-none-match"), ascii("if-range"), ascii("expect"), ascii("authorization"),
    };

    private static final HttpMethod COPY = new HttpMethod("COPY");
    private static final HttpMethod MOVE = new HttpMethod("MOVE");
    private static final HttpMethod LOCK = new HttpMethod("LOCK");
    private static final HttpMethod MKCOL = new HttpMethod("MKCOL");
    private static final HttpMethod UNLOCK = new HttpMethod("UNLOCK");
    private static final HttpMethod PROPFIND = new HttpMethod("PROPFIND");
    private static final HttpMethod PROPPATCH = new HttpMethod("PROPPATCH");

    private static final HttpMethod[] METHODS = {
        HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
        HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT,
        COPY, MOVE, LOCK, MKCOL, UNLOCK, PROPFIND, PROPPATCH,
    };
    private static final byte[][] METHOD_BYTES = new byte[METHODS.length][];

    /** Header names as browsers, curl and proxies spell them, and in lower case; indexed by length. */
    private static final String[][] NAMES_BY_LENGTH;
    private static final byte[][][] NAME_BYTES_BY_LENGTH;

    static {
        for (int i = 0; i < METHODS.length; i++) {
            METHOD_BYTES[i] = ascii(METHODS[i].name());
        }
        final String[] common = {
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset",
            "Connection", "Keep-Alive", "Content-Length", "Content-Type", "Content-Encoding", "Cookie",
            "Referer", "Origin", "Cache-Control", "Pragma", "Upgrade", "Upgrade-Insecure-Requests",
            "Authorization", "If-Modified-Since", "If-None-Match", "If-Match", "If-Range",
            "If-Unmodified-Since", "Range", "Expect", "Transfer-Encoding", "TE", "Via", "Forwarded",
            "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP", "X-Requested-With",
            "DNT", "Priority", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User",
            "Sec-CH-UA", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol",
        };
        int longest = 0;
        for (String name : common) {
            longest = Math.max(longest, name.length());
        }
        NAMES_BY_LENGTH = new String[longest + 1][];
        NAME_BYTES_BY_LENGTH = new byte[longest + 1][][];
        for (int len = 0; len <= longest; len++) {
            final List<String> names = new ArrayList<>();
            for (String name : common) {
                if (name.length() == len) {
                    names.add(name);
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
            NAMES_BY_LENGTH[len] = names.toArray(new String[0]);
            NAME_BYTES_BY_LENGTH[len] = new byte[names.size()][];
            for (int i = 0; i < names.size(); i++) {
                NAME_BYTES_BY_LENGTH[len][i] = ascii(names.get(i));
            }
        }
    }

    private KnownTokens() {
    }

    /** The method spelled by {@code a[from, from + len)}; nginx has already checked it is [A-Z_-]+. */
    static HttpMethod method(byte[] a, int from, int len) {
        for (int i = 0; i < METHODS.length; i++) {
            if (equalsExactly(a, from, len, METHOD_BYTES[i])) {
                return METHODS[i];
            }
        }
        return new HttpMethod(new String(a, from, len, StandardCharsets.ISO_8859_1));
    }

    /** The header name spelled by {@code a[from, from + len)}, shared when it is a common one. */
    static String headerName(byte[] a, int from, int len) {
        if (len < NAMES_BY_LENGTH.length) {
            final byte[][] candidates = NAME_BYTES_BY_LENGTH[len];
            for (int i = 0; i < candidates.length; i++) {
                if (equalsExactly(a, from, len, candidates[i])) {
                    return NAMES_BY_LENGTH[len][i];
                }
            }
        }
        return new String(a, from, len, StandardCharsets.ISO_8859_1);
    }

    /** Which of the headers nginx acts on {@code a[from, from + len)} names, in any case; else OTHER. */
    static int header(byte[] a, int from, int len) {
        switch (len) {
            case 4: case 6: case 8: case 10: case 13: case 14: case 17: case 19:
                break;
            default:
                return OTHER;
        }
        for (int i = 0; i < NAMED.length; i++) {
            if (equalsIgnoreCase(a, from, len, NAMED[i])) {
                return i;
            }
        }
        return OTHER;
    }

    /** Whether {@code a[from, from + len)} is {@code lower} in any case (ASCII). */
    static boolean equalsIgnoreCase(byte[] a, int from, int len, byte[] lower) {
        if (len != lower.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int b = a[from + i];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** nginx's ngx_strcasestrn: whether {@code lower} occurs in {@code a[from, to)}, in any case. */
    static boolean containsIgnoreCase(byte[] a, int from, int to, byte[] lower) {
        final int last = to - lower.length;
        for (int i = from; i <= last; i++) {
            if (equalsIgnoreCase(a, i, lower.length, lower)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsExactly(byte[] a, int from, int len, byte[] bytes) {
        return len == bytes.length && Arrays.equals(a, from, from + len, bytes, 0, len);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

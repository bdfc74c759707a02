package dev.pier.http.codec;

/**
 * nginx 1.22's {@code ngx_http_parse_request_line}, resumable: it is fed the bytes
 * of one request line (leading CR/LF already skipped by the caller) and stops at the line feed that ends
 * it or at the first byte nginx refuses. Offsets are relative to the first byte of the method.
 */
final class RequestLineParser {

    static final int AGAIN = 0;
    static final int DONE = 1;
    static final int INVALID_METHOD = 2;
    static final int INVALID_REQUEST = 3;
    static final int INVALID_VERSION = 4;

    private static final int START = 0;
    private static final int METHOD = 1;
    private static final int SPACES_BEFORE_URI = 2;
    private static final int SCHEMA = 3;
    private static final int SCHEMA_SLASH = 4;
    private static final int SCHEMA_SLASH_SLASH = 5;
    private static final int HOST_START = 6;
    private static final int HOST = 7;
    private static final int HOST_END = 8;
    private static final int HOST_IP_LITERAL = 9;
    private static final int PORT = 10;
    private static final int AFTER_SLASH_IN_URI = 11;
    private static final int CHECK_URI = 12;
    private static final int URI = 13;
    private static final int HTTP_09 = 14;
    private static final int HTTP_H = 15;
    private static final int HTTP_HT = 16;
    private static final int HTTP_HTT = 17;
    private static final int HTTP_HTTP = 18;
    private static final int FIRST_MAJOR_DIGIT = 19;
    private static final int MAJOR_DIGIT = 20;
    private static final int FIRST_MINOR_DIGIT = 21;
    private static final int MINOR_DIGIT = 22;
    private static final int SPACES_AFTER_DIGIT = 23;
    private static final int ALMOST_DONE = 24;

    private static final int CR = '\r';
    private static final int LF = '\n';

    /**
     * nginx's {@code usual} table: bytes that need no attention inside a URI. Everything but controls,
     * space, '#', '%', '+', '.', '/', '?' and DEL.
     */
    private static final boolean[] USUAL = new boolean[256];

    static {
        for (int c = 0x21; c < 256; c++) {
            USUAL[c] = c != '#' && c != '%' && c != '+' && c != '.' && c != '/' && c != '?' && c != 0x7f;
        }
    }

    private int state;
    private int pos;
    private int result;

    int methodEnd;
    int targetStart;
    int targetEnd;
    /** Start and end of the path-and-query part of the target, or -1 when an absolute target has none. */
    int uriStart;
    int uriEnd;
    int hostStart;
    int hostEnd;
    int major;
    int minor;
    boolean http09;
    /** nginx's complex_uri, quoted_uri and empty_path_in_uri: the path needs ngx_http_parse_complex_uri. */
    boolean complexUri;
    boolean quotedUri;
    boolean emptyPathInUri;
    /** Bytes of the line, line feed included, once {@link #DONE}. */
    int length;

    RequestLineParser() {
        reset();
    }

    void reset() {
        state = START;
        pos = 0;
        result = AGAIN;
        methodEnd = -1;
        targetStart = -1;
        targetEnd = -1;
        uriStart = -1;
        uriEnd = -1;
        hostStart = -1;
        hostEnd = -1;
        major = 0;
        minor = 0;
        http09 = false;
        complexUri = false;
        quotedUri = false;
        emptyPathInUri = false;
        length = 0;
    }

    int result() {
        return result;
    }

    /** Whether the method was read up to its terminating space. */
    boolean methodComplete() {
        return methodEnd >= 0;
    }

    /** Feeds {@code a[from, to)} on; returns the index of the byte the parser stopped at, or -1. */
    int parse(byte[] a, int from, int to) {
        int i = from;
        while (i < to) {
            // most of a target is bytes that need no attention: skip them in a tight loop
            if (state == CHECK_URI || state == URI) {
                final int run = i;
                while (i < to && USUAL[a[i] & 0xff]) {
                    i++;
                }
                pos += i - run;
                if (i == to) {
                    break;
                }
            }
            if (!process(a[i])) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private boolean process(byte value) {
        final int ch = value & 0xff;
        final int p = pos++;
        switch (state) {
            case START:
                if ((ch < 'A' || ch > 'Z') && ch != '_' && ch != '-') {
                    return fail(INVALID_METHOD);
                }
                state = METHOD;
                return true;

            case METHOD:
                if (ch == ' ') {
                    methodEnd = p;
                    state = SPACES_BEFORE_URI;
                    return true;
                }
                if ((ch < 'A' || ch > 'Z') && ch != '_' && ch != '-') {
                    return fail(INVALID_METHOD);
                }
                return true;

            case SPACES_BEFORE_URI:
                if (ch == '/') {
                    targetStart = p;
                    uriStart = p;
                    state = AFTER_SLASH_IN_URI;
                    return true;
                }
                if (isLetter(ch)) {
                    targetStart = p;
                    state = SCHEMA;
                    return true;
                }
                return ch == ' ' || fail(INVALID_REQUEST);

            case SCHEMA:
                if (isLetter(ch) || isDigit(ch) || ch == '+' || ch == '-' || ch == '.') {
                    return true;
                }
                if (ch == ':') {
                    state = SCHEMA_SLASH;
                    return true;
                }
                return fail(INVALID_REQUEST);

            case SCHEMA_SLASH:
                if (ch == '/') {
                    state = SCHEMA_SLASH_SLASH;
                    return true;
                }
                return fail(INVALID_REQUEST);

            case SCHEMA_SLASH_SLASH:
                if (ch == '/') {
                    state = HOST_START;
                    return true;
                }
                return fail(INVALID_REQUEST);

            case HOST_START:
                hostStart = p;
                if (ch == '[') {
                    state = HOST_IP_LITERAL;
                    return true;
                }
                state = HOST;
                return host(ch, p);

            case HOST:
                return host(ch, p);

            case HOST_END:
                return hostEnd(ch, p);

            case HOST_IP_LITERAL:
                return hostIpLiteral(ch);

            case PORT:
                return port(ch, p);

            case AFTER_SLASH_IN_URI:
                return afterSlashInUri(ch, p);

            case CHECK_URI:
                return checkUri(ch, p);

            case URI:
                return uri(ch, p);

            case HTTP_09:
                return http09(ch, p);

            case HTTP_H:
                return expect(ch, 'T', HTTP_HT);

            case HTTP_HT:
                return expect(ch, 'T', HTTP_HTT);

            case HTTP_HTT:
                return expect(ch, 'P', HTTP_HTTP);

            case HTTP_HTTP:
                return expect(ch, '/', FIRST_MAJOR_DIGIT);

            case FIRST_MAJOR_DIGIT:
                if (ch < '1' || ch > '9') {
                    return fail(INVALID_REQUEST);
                }
                major = ch - '0';
                if (major > 1) {
                    return fail(INVALID_VERSION);
                }
                state = MAJOR_DIGIT;
                return true;

            case MAJOR_DIGIT:
                if (ch == '.') {
                    state = FIRST_MINOR_DIGIT;
                    return true;
                }
                if (!isDigit(ch)) {
                    return fail(INVALID_REQUEST);
                }
                major = major * 10 + ch - '0';
                return major <= 1 || fail(INVALID_VERSION);

            case FIRST_MINOR_DIGIT:
                if (!isDigit(ch)) {
                    return fail(INVALID_REQUEST);
                }
                minor = ch - '0';
                state = MINOR_DIGIT;
                return true;

            case MINOR_DIGIT:
                if (ch == CR) {
                    state = ALMOST_DONE;
                    return true;
                }
                if (ch == LF) {
                    return done(p);
                }
                if (ch == ' ') {
                    state = SPACES_AFTER_DIGIT;
                    return true;
                }
                // nginx refuses a fourth minor digit, so HTTP/1.999 is the highest version it takes
                if (!isDigit(ch) || minor > 99) {
                    return fail(INVALID_REQUEST);
                }
                minor = minor * 10 + ch - '0';
                return true;

            case SPACES_AFTER_DIGIT:
                switch (ch) {
                    case ' ':
                        return true;
                    case CR:
                        state = ALMOST_DONE;
                        return true;
                    case LF:
                        return done(p);
                    default:
                        return fail(INVALID_REQUEST);
                }

            case ALMOST_DONE:
                return ch == LF ? done(p) : fail(INVALID_REQUEST);

            default:
                throw new IllegalStateException("state: " + state);
        }
    }

    private boolean host(int ch, int p) {
        if (isLetter(ch) || isDigit(ch) || ch == '.' || ch == '-') {
            return true;
        }
        return hostEnd(ch, p);
    }

    private boolean hostEnd(int ch, int p) {
        hostEnd = p;
        switch (ch) {
            case ':':
                state = PORT;
                return true;
            case '/':
                uriStart = p;
                state = AFTER_SLASH_IN_URI;
                return true;
            case '?':
                uriStart = p;
                emptyPathInUri = true;
                state = URI;
                return true;
            case ' ':
                // "http://host HTTP/1.1": nginx serves "/"
                targetEnd = p;
                state = HTTP_09;
                return true;
            default:
                return fail(INVALID_REQUEST);
        }
    }

    private boolean hostIpLiteral(int ch) {
        if (isDigit(ch) || isLetter(ch)) {
            return true;
        }
        switch (ch) {
            case ']':
                state = HOST_END;
                return true;
            case ':':
            // unreserved
            case '-': case '.': case '_': case '~':
            // sub-delims
            case '!': case '$': case '&': case '\'': case '(': case ')':
            case '*': case '+': case ',': case ';': case '=':
                return true;
            default:
                return fail(INVALID_REQUEST);
        }
    }

    private boolean port(int ch, int p) {
        if (isDigit(ch)) {
            return true;
        }
        switch (ch) {
            case '/':
                uriStart = p;
                state = AFTER_SLASH_IN_URI;
                return true;
            case '?':
                uriStart = p;
                emptyPathInUri = true;
                state = URI;
                return true;
            case ' ':
                targetEnd = p;
                state = HTTP_09;
                return true;
            default:
                return fail(INVALID_REQUEST);
        }
    }

    /** nginx's sw_after_slash_in_uri: checks "/.", "//" and "%". */
    private boolean afterSlashInUri(int ch, int p) {
        if (USUAL[ch]) {
            state = CHECK_URI;
            return true;
        }
        switch (ch) {
            case ' ', CR, LF:
                return uriEnds(ch, p);
            case '.':
            case '/':
            case '#':
                complexUri = true;
                state = URI;
                return true;
            case '%':
                quotedUri = true;
                state = URI;
                return true;
            case '?':
                state = URI;
                return true;
            case '+':
                return true;
            default:
                if (ch < 0x20 || ch == 0x7f) {
                    return fail(INVALID_REQUEST);
                }
                state = CHECK_URI;
                return true;
        }
    }

    /** nginx's sw_check_uri: checks "/" and "%". */
    private boolean checkUri(int ch, int p) {
        if (USUAL[ch]) {
            return true;
        }
        switch (ch) {
            case '/':
                state = AFTER_SLASH_IN_URI;
                return true;
            case '.':
            case '+':
                return true;
            case ' ', CR, LF:
                return uriEnds(ch, p);
            case '%':
                quotedUri = true;
                state = URI;
                return true;
            case '?':
                state = URI;
                return true;
            case '#':
                complexUri = true;
                state = URI;
                return true;
            default:
                return (ch >= 0x20 && ch != 0x7f) || fail(INVALID_REQUEST);
        }
    }

    /**
     * A space, CR or LF ends the URI in each of nginx's URI states: a space leads to the version, CR or LF
     * end a simple HTTP/0.9 request line.
     */
    private boolean uriEnds(int ch, int p) {
        endUri(p);
        if (ch == ' ') {
            state = HTTP_09;
            return true;
        }
        http09 = true;
        if (ch == CR) {
            state = ALMOST_DONE;
            return true;
        }
        return done(p);
    }

    private boolean uri(int ch, int p) {
        if (USUAL[ch]) {
            return true;
        }
        switch (ch) {
            case ' ', CR, LF:
                return uriEnds(ch, p);
            case '#':
                complexUri = true;
                return true;
            default:
                return (ch >= 0x20 && ch != 0x7f) || fail(INVALID_REQUEST);
        }
    }

    /** Spaces after the target: a version follows, or the line ends (an HTTP/0.9 simple request). */
    private boolean http09(int ch, int p) {
        switch (ch) {
            case ' ':
                return true;
            case CR:
                http09 = true;
                state = ALMOST_DONE;
                return true;
            case LF:
                http09 = true;
                return done(p);
            case 'H':
                state = HTTP_H;
                return true;
            default:
                return fail(INVALID_REQUEST);
        }
    }

    private void endUri(int p) {
        uriEnd = p;
        targetEnd = p;
    }

    private boolean expect(int ch, int expected, int next) {
        if (ch != expected) {
            return fail(INVALID_REQUEST);
        }
        state = next;
        return true;
    }

    private boolean done(int p) {
        length = p + 1;
        if (http09) {
            major = 0;
            minor = 9;
        }
        result = DONE;
        return false;
    }

    private boolean fail(int code) {
        result = code;
        return false;
    }

    private static boolean isLetter(int ch) {
        final int c = ch | 0x20;
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(int ch) {
        return ch >= '0' && ch <= '9';
    }
}

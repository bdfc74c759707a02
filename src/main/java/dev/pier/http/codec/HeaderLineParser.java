package dev.pier.http.codec;

/**
 * nginx 1.22's {@code ngx_http_parse_header_line}, resumable, fed the bytes of
 * one header line. Offsets are relative to the first byte of the line.
 *
 * <p>As in nginx 1.22 only spaces surround a value (a tab is part of it), a line may end in LF, CRLF or
 * CR...CRLF, and a line without a colon is a header with an empty value.
 */
final class HeaderLineParser {

    static final int AGAIN = 0;
    /** A header line was read. */
    static final int LINE = 1;
    /** The empty line that ends the header block was read. */
    static final int HEAD_DONE = 2;
    /** nginx's NGX_HTTP_PARSE_INVALID_HEADER: a byte no header line may hold (400). */
    static final int INVALID = 3;

    private static final int START = 0;
    private static final int NAME = 1;
    private static final int SPACE_BEFORE_VALUE = 2;
    private static final int VALUE = 3;
    private static final int SPACE_AFTER_VALUE = 4;
    private static final int ALMOST_DONE = 5;
    private static final int HEADER_ALMOST_DONE = 6;

    private static final int CR = '\r';
    private static final int LF = '\n';

    /** nginx's lowcase table: the bytes a valid header name is made of. */
    private static final boolean[] NAME_CHAR = new boolean[256];

    /** The bytes that end a run of value bytes: space, CR, LF and NUL. */
    private static final boolean[] VALUE_STOP = new boolean[256];

    static {
        VALUE_STOP[' '] = true;
        VALUE_STOP[CR] = true;
        VALUE_STOP[LF] = true;
        VALUE_STOP[0] = true;
        NAME_CHAR['-'] = true;
        for (int c = '0'; c <= '9'; c++) {
            NAME_CHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            NAME_CHAR[c] = true;
            NAME_CHAR[c - 0x20] = true;
        }
    }

    private final boolean underscores;

    private int state;
    private int pos;
    private int result;

    int nameEnd;
    int valueStart;
    int valueEnd;
    /** nginx's invalid_header: the name has a byte outside letters, digits, '-' (and '_' if allowed). */
    boolean invalidName;
    /** Bytes of the line, line feed included, once the line is complete. */
    int length;

    HeaderLineParser(boolean underscoresInHeaders) {
        this.underscores = underscoresInHeaders;
        reset();
    }

    void reset() {
        state = START;
        pos = 0;
        result = AGAIN;
        nameEnd = 0;
        valueStart = 0;
        valueEnd = 0;
        invalidName = false;
        length = 0;
    }

    int result() {
        return result;
    }

    static boolean isNameChar(int ch, boolean underscores) {
        return NAME_CHAR[ch] || (underscores && ch == '_');
    }

    /** Feeds {@code a[from, to)} on; returns the index of the byte the parser stopped at, or -1. */
    int parse(byte[] a, int from, int to) {
        int i = from;
        while (i < to) {
            // runs of name or value bytes need no state change: skip them in a tight loop
            final int run = i;
            if (state == VALUE) {
                while (i < to && !VALUE_STOP[a[i] & 0xff]) {
                    i++;
                }
            } else if (state == NAME) {
                while (i < to && NAME_CHAR[a[i] & 0xff]) {
                    i++;
                }
            }
            pos += i - run;
            if (i == to) {
                break;
            }
            if (!process(a[i])) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private boolean process(byte b) {
        final int ch = b & 0xff;
        final int p = pos++;
        switch (state) {
            case START:
                if (ch == CR) {
                    state = HEADER_ALMOST_DONE;
                    return true;
                }
                if (ch == LF) {
                    return finish(HEAD_DONE, p);
                }
                state = NAME;
                if (NAME_CHAR[ch]) {
                    return true;
                }
                if (ch == '_') {
                    invalidName = !underscores;
                    return true;
                }
                if (ch <= 0x20 || ch == 0x7f || ch == ':') {
                    return fail();
                }
                invalidName = true;
                return true;

            case NAME:
                if (NAME_CHAR[ch]) {
                    return true;
                }
                if (ch == '_') {
                    invalidName |= !underscores;
                    return true;
                }
                if (ch == ':') {
                    nameEnd = p;
                    state = SPACE_BEFORE_VALUE;
                    return true;
                }
                if (ch == CR) {
                    nameEnd = p;
                    valueStart = p;
                    valueEnd = p;
                    state = ALMOST_DONE;
                    return true;
                }
                if (ch == LF) {
                    nameEnd = p;
                    valueStart = p;
                    valueEnd = p;
                    return finish(LINE, p);
                }
                if (ch <= 0x20 || ch == 0x7f) {
                    return fail();
                }
                invalidName = true;
                return true;

            case SPACE_BEFORE_VALUE:
                switch (ch) {
                    case ' ':
                        return true;
                    case CR:
                        valueStart = p;
                        valueEnd = p;
                        state = ALMOST_DONE;
                        return true;
                    case LF:
                        valueStart = p;
                        valueEnd = p;
                        return finish(LINE, p);
                    case 0:
                        return fail();
                    default:
                        valueStart = p;
                        state = VALUE;
                        return true;
                }

            case VALUE:
                switch (ch) {
                    case ' ':
                        valueEnd = p;
                        state = SPACE_AFTER_VALUE;
                        return true;
                    case CR:
                        valueEnd = p;
                        state = ALMOST_DONE;
                        return true;
                    case LF:
                        valueEnd = p;
                        return finish(LINE, p);
                    case 0:
                        return fail();
                    default:
                        return true;
                }

            case SPACE_AFTER_VALUE:
                switch (ch) {
                    case ' ':
                        return true;
                    case CR:
                        state = ALMOST_DONE;
                        return true;
                    case LF:
                        return finish(LINE, p);
                    case 0:
                        return fail();
                    default:
                        state = VALUE;
                        return true;
                }

            case ALMOST_DONE:
                switch (ch) {
                    case LF:
                        return finish(LINE, p);
                    case CR:
                        // nginx 1.22 takes "value\r\r\n"
                        return true;
                    default:
                        return fail();
                }

            case HEADER_ALMOST_DONE:
                return ch == LF ? finish(HEAD_DONE, p) : fail();

            default:
                throw new IllegalStateException("state: " + state);
        }
    }

    private boolean finish(int code, int p) {
        length = p + 1;
        result = code;
        return false;
    }

    private boolean fail() {
        result = INVALID;
        return false;
    }
}

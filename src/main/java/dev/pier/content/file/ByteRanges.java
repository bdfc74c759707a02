package dev.pier.content.file;

import java.util.ArrayList;
import java.util.List;

/**
 * The Range header as nginx's range filter parses it (ngx_http_range_parse): "bytes=" then ranges
 * separated by commas, spaces allowed around numbers, suffix ranges, ends clamped to the length.
 */
final class ByteRanges {
    /** One range, {@code end} exclusive. */
    record Range(long start, long end) {
        long length() { return end - start; }
    }

    /** What the header asks for: ranges to send, a 416, or the whole entity (DECLINED in nginx). */
    sealed interface Result permits Partial, NotSatisfiable, Whole { }

    record Partial(List<Range> ranges) implements Result { }

    record NotSatisfiable() implements Result { }

    record Whole() implements Result { }

    private static final long CUTOFF = Long.MAX_VALUE / 10;
    private static final long CUTLIM = Long.MAX_VALUE % 10;

    private ByteRanges() { }

    /** Whether the header names byte ranges at all ("bytes=" and at least one more character). */
    static boolean isByteRange(String header) {
        return header != null && header.length() >= 7 && header.regionMatches(true, 0, "bytes=", 0, 6);
    }

    /** Parses after "bytes="; {@code maxRanges} is nginx's max_ranges (more ranges than that sends the whole file). */
    static Result parse(String header, long contentLength, long maxRanges) {
        String s = header.substring(6);
        int p = 0;
        long size = 0;
        long budget = maxRanges;
        List<Range> ranges = new ArrayList<>(1);
        for (;;) {
            long start = 0;
            long end = 0;
            boolean suffix = false;
            p = skipSpaces(s, p);
            boolean found = false;
            if (at(s, p) != '-') {
                if (!digit(at(s, p))) {
                    return new NotSatisfiable();
                }
                while (digit(at(s, p))) {
                    int d = at(s, p++) - '0';
                    if (start >= CUTOFF && (start > CUTOFF || d > CUTLIM)) {
                        return new NotSatisfiable();
                    }
                    start = start * 10 + d;
                }
                p = skipSpaces(s, p);
                if (at(s, p++) != '-') {
                    return new NotSatisfiable();
                }
                p = skipSpaces(s, p);
                if (at(s, p) == ',' || at(s, p) == 0) {
                    end = contentLength;
                    found = true;
                }
            } else {
                suffix = true;
                p++;
            }
            if (!found) {
                if (!digit(at(s, p))) {
                    return new NotSatisfiable();
                }
                while (digit(at(s, p))) {
                    int d = at(s, p++) - '0';
                    if (end >= CUTOFF && (end > CUTOFF || d > CUTLIM)) {
                        return new NotSatisfiable();
                    }
                    end = end * 10 + d;
                }
                p = skipSpaces(s, p);
                if (at(s, p) != ',' && at(s, p) != 0) {
                    return new NotSatisfiable();
                }
                if (suffix) {
                    start = end < contentLength ? contentLength - end : 0;
                    end = contentLength - 1;
                }
                end = end >= contentLength ? contentLength : end + 1;
            }
            if (start < end) {
                ranges.add(new Range(start, end));
                if (size > Long.MAX_VALUE - (end - start)) {
                    return new NotSatisfiable();
                }
                size += end - start;
                if (budget-- == 0) {
                    return new Whole();
                }
            } else if (start == 0) {
                return new Whole();
            }
            if (at(s, p++) != ',') {
                break;
            }
        }
        if (ranges.isEmpty()) {
            return new NotSatisfiable();
        }
        if (size > contentLength) {
            return new Whole();
        }
        return new Partial(List.copyOf(ranges));
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipSpaces(String s, int p) {
        while (at(s, p) == ' ') {
            p++;
        }
        return p;
    }
}

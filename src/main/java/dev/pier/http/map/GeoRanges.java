package dev.pier.http.map;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The IPv4 ranges of a {@code geo} block with {@code ranges}, built as nginx's ngx_http_geo_add_range does: a
 * range is cut at every /16 boundary and kept in the sorted list of its /16; a range inside an earlier one
 * splits it, the same range replaces it (with a warning), any other overlap is an error. At the end the lists
 * are flattened into sorted arrays searched by binary search.
 */
final class GeoRanges {
    private static final class Range {
        int start;   // low 16 bits, inclusive
        int end;
        String value;

        Range(int start, int end, String value) {
            this.start = start;
            this.end = end;
            this.value = value;
        }
    }

    /** Thrown for nginx's {@code range "a-b" overlaps "c-d"}; the message is the part after "overlaps". */
    static final class Overlap extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Overlap(String existing) {
            super(existing, null, false, false);
        }
    }

    /** Receives nginx's "duplicate range" warnings: the old value of a range given again. */
    interface Duplicates {
        void replaced(String oldValue);
    }

    private final TreeMap<Integer, List<Range>> byHigh = new TreeMap<>();

    /** Adds {@code start-end} (unsigned 32-bit, start <= end). */
    void add(long start, long end, String value, Duplicates duplicates) {
        for (long n = start; n <= end; n = (n + 0x10000) & 0xffff0000L) {
            int h = (int) (n >>> 16);
            int s = n == start ? (int) (n & 0xffff) : 0;
            int e = (n | 0xffff) > end ? (int) (end & 0xffff) : 0xffff;
            addPart(byHigh.computeIfAbsent(h, k -> new ArrayList<>()), h, s, e, value, duplicates);
            if (h == 0xffff) {
                break;
            }
        }
    }

    private static void addPart(List<Range> a, int h, int s, int e, String value, Duplicates duplicates) {
        for (int i = a.size() - 1; i >= 0; i--) {
            Range r = a.get(i);
            if (e < r.start) {
                continue;
            }
            if (s > r.end) {
                a.add(i + 1, new Range(s, e, value));
                return;
            }
            if (s == r.start && e == r.end) {
                duplicates.replaced(r.value);
                r.value = value;
                return;
            }
            if (s > r.start && e < r.end) {
                a.add(i + 1, new Range(e + 1, r.end, r.value));
                a.add(i + 1, new Range(s, e, value));
                r.end = s - 1;
                return;
            }
            if (s == r.start && e < r.end) {
                a.add(i, new Range(s, e, value));
                r.start = e + 1;
                return;
            }
            if (s > r.start && e == r.end) {
                a.add(i + 1, new Range(s, e, value));
                r.end = s - 1;
                return;
            }
            throw new Overlap(dotted(h, r.start) + "-" + dotted(h, r.end));
        }
        a.add(0, new Range(s, e, value));
    }

    /** Deletes exactly {@code start-end}; false when some part of it was not a range (nginx warns). */
    boolean delete(long start, long end) {
        boolean all = true;
        for (long n = start; n <= end; n = (n + 0x10000) & 0xffff0000L) {
            int h = (int) (n >>> 16);
            int s = n == start ? (int) (n & 0xffff) : 0;
            int e = (n | 0xffff) > end ? (int) (end & 0xffff) : 0xffff;
            List<Range> a = byHigh.get(h);
            boolean found = false;
            if (a != null) {
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i).start == s && a.get(i).end == e) {
                        a.remove(i);
                        found = true;
                        break;
                    }
                }
            }
            all &= found;
            if (h == 0xffff) {
                break;
            }
        }
        return all;
    }

    private static String dotted(int high, int low) {
        return (high >> 8) + "." + (high & 0xff) + "." + (low >> 8) + "." + (low & 0xff);
    }

    /** The ranges as sorted arrays, for lookups. */
    Table freeze(String defaultValue) {
        List<long[]> bounds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        byHigh.forEach((h, list) -> {
            for (Range r : list) {
                long base = (long) h << 16;
                bounds.add(new long[] {base + r.start, base + r.end});
                values.add(r.value);
            }
        });
        long[] starts = new long[bounds.size()];
        long[] ends = new long[bounds.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = bounds.get(i)[0];
            ends[i] = bounds.get(i)[1];
        }
        return new Table(starts, ends, values.toArray(new String[0]), defaultValue);
    }

    /** Disjoint sorted ranges: the one holding an address, else the default. */
    record Table(long[] starts, long[] ends, String[] values, String defaultValue) {
        String find(long address) {
            int i = java.util.Arrays.binarySearch(starts, address);
            if (i < 0) {
                i = -i - 2;   // the last range starting before the address
            }
            return i >= 0 && address <= ends[i] ? values[i] : defaultValue;
        }
    }
}

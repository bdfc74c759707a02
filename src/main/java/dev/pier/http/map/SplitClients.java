package dev.pier.http.map;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import dev.pier.variables.Variable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The variable of a {@code split_clients} block (ngx_http_split_clients_variable): the rendered key's MurmurHash2
 * falls in one part of the 32-bit range, each part as wide as its percentage; {@code *} takes the rest. A key
 * past every part (percentages under 100% and no {@code *}) gives an empty value.
 */
final class SplitClients implements Variable {
    private final Template key;
    private final long[] bounds;      // unsigned 32-bit upper bounds (exclusive); -1 for "*"
    private final String[] values;

    private SplitClients(Template key, long[] bounds, String[] values) {
        this.key = key;
        this.bounds = bounds;
        this.values = values;
    }

    @Override public String value(HttpExchange ex) { return pick(key.render(ex)); }

    String pick(String rendered) {
        long hash = Integer.toUnsignedLong(MurmurHash2.hash(rendered.getBytes(StandardCharsets.ISO_8859_1)));
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] < 0 || hash < bounds[i]) {
                return values[i];
            }
        }
        return "";
    }

    /** The parts in the order written; the arithmetic is nginx's, in 1/100ths of a percent. */
    static final class Builder {
        private final List<Long> percents = new ArrayList<>();   // 0 for "*"
        private final List<String> values = new ArrayList<>();

        /**
         * Adds {@code 12.5% value} or {@code * value}; returns false for a percentage nginx's ngx_atofp refuses
         * (more than two decimals, not a number, zero).
         */
        boolean add(String percent, String value) {
            long n;
            if (percent.equals("*")) {
                n = 0;
            } else {
                if (percent.isEmpty() || percent.charAt(percent.length() - 1) != '%') {
                    return false;
                }
                n = atofp(percent.substring(0, percent.length() - 1), 2);
                if (n <= 0) {
                    return false;
                }
                n &= 0xffffffffL;   // nginx keeps it in a uint32_t
            }
            percents.add(n);
            values.add(value);
            return true;
        }

        /** Null when the parts add up to more than 100% (a part after "*" counts from 100%). */
        SplitClients build(Template key) {
            long sum = 0;
            long last = 0;
            long[] bounds = new long[percents.size()];
            for (int i = 0; i < bounds.length; i++) {
                long p = percents.get(i);
                sum = p != 0 ? (sum + p) & 0xffffffffL : 10000;
                if (sum > 10000) {
                    return null;
                }
                if (p != 0) {
                    last = (last + p * 0xffffffffL / 10000) & 0xffffffffL;
                    bounds[i] = last;
                } else {
                    bounds[i] = -1;
                }
            }
            return new SplitClients(key, bounds, values.toArray(new String[0]));
        }

        /** ngx_atofp: a decimal with at most {@code point} fraction digits, scaled by 10^point; -1 if invalid. */
        static long atofp(String s, int point) {
            if (s.isEmpty()) {
                return -1;
            }
            long value = 0;
            boolean dot = false;
            for (int i = 0; i < s.length(); i++) {
                if (point == 0) {
                    return -1;
                }
                char c = s.charAt(i);
                if (c == '.') {
                    if (dot) {
                        return -1;
                    }
                    dot = true;
                    continue;
                }
                if (c < '0' || c > '9' || value > (Long.MAX_VALUE - 9) / 10) {
                    return -1;
                }
                value = value * 10 + (c - '0');
                if (dot) {
                    point--;
                }
            }
            while (point-- > 0) {
                value *= 10;
            }
            return value;
        }
    }
}

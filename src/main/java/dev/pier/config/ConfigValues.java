package dev.pier.config;

import dev.pier.config.syntax.ConfigDirective;

/** nginx's value syntaxes: flags, sizes ({@code 8k}, {@code 1m}), times ({@code 75s}, {@code 1h 30m}, {@code 500ms}). */
public final class ConfigValues {
    private ConfigValues() { }

    /** {@code on}/{@code off}, with nginx's message for anything else. */
    public static boolean flag(ConfigDirective d, LoadContext ctx) {
        String v = d.arg(0);
        if (v.equalsIgnoreCase("on")) {
            return true;
        }
        if (v.equalsIgnoreCase("off")) {
            return false;
        }
        throw ctx.error("invalid value \"" + v + "\" in \"" + d.name() + "\" directive, it must be \"on\" or \"off\"", d);
    }

    /** A size in bytes: a number with an optional k/K or m/M (and g/G for offsets), as ngx_parse_size. */
    public static long size(String v) {
        if (v.isEmpty()) {
            return -1;
        }
        long scale = 1;
        String digits = v;
        switch (v.charAt(v.length() - 1)) {
            case 'k', 'K' -> { scale = 1024; digits = v.substring(0, v.length() - 1); }
            case 'm', 'M' -> { scale = 1024 * 1024; digits = v.substring(0, v.length() - 1); }
            case 'g', 'G' -> { scale = 1024L * 1024 * 1024; digits = v.substring(0, v.length() - 1); }
            default -> { }
        }
        long n = number(digits);
        if (n < 0 || n > Long.MAX_VALUE / scale) {
            return -1;
        }
        return n * scale;
    }

    public static long size(ConfigDirective d, int arg, LoadContext ctx) {
        long n = size(d.arg(arg));
        if (n < 0) {
            throw ctx.error("\"" + d.name() + "\" directive invalid value", d);
        }
        return n;
    }

    /**
     * A time in milliseconds, as ngx_parse_time: a sequence of number+unit (ms, s, m, h, d, w, M, y);
     * a bare number is seconds. Returns -1 when invalid.
     */
    public static long millis(String v) {
        if (v.isEmpty()) {
            return -1;
        }
        long total = 0;
        int i = 0;
        boolean any = false;
        long lastUnit = Long.MAX_VALUE;
        while (i < v.length()) {
            int start = i;
            while (i < v.length() && Character.isDigit(v.charAt(i))) {
                i++;
            }
            if (start == i) {
                return -1;
            }
            long n = number(v.substring(start, i));
            if (n < 0) {
                return -1;
            }
            long unit;
            if (i == v.length()) {
                unit = 1000;
            } else {
                char c = v.charAt(i++);
                switch (c) {
                    case 'm' -> {
                        if (i < v.length() && v.charAt(i) == 's') {
                            i++;
                            unit = 1;
                        } else {
                            unit = 60_000;
                        }
                    }
                    case 's' -> unit = 1000;
                    case 'h' -> unit = 3_600_000;
                    case 'd' -> unit = 86_400_000;
                    case 'w' -> unit = 7 * 86_400_000L;
                    case 'M' -> unit = 30 * 86_400_000L;
                    case 'y' -> unit = 365 * 86_400_000L;
                    case ' ' -> unit = 1000;
                    default -> { return -1; }
                }
            }
            // ngx_parse_time wants units from the largest down, each once: "1h 30m", never "30m 1h" or "1m 1m"
            if (unit >= lastUnit) {
                return -1;
            }
            lastUnit = unit;
            while (i < v.length() && v.charAt(i) == ' ') {
                i++;
            }
            total += n * unit;
            any = true;
        }
        return any ? total : -1;
    }

    public static long millis(ConfigDirective d, int arg, LoadContext ctx) {
        long n = millis(d.arg(arg));
        if (n < 0) {
            throw ctx.error("\"" + d.name() + "\" directive invalid value", d);
        }
        return n;
    }

    /** A non-negative decimal integer, or -1. */
    public static long number(String v) {
        if (v.isEmpty() || v.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

package dev.pier.http.filter.expires;

import dev.pier.config.ConfigValues;

/**
 * A parsed {@code expires [modified] time|epoch|max|off}, as ngx_http_parse_expires: {@code @time} is a time
 * of day (DAILY), a leading '-' makes the time negative, {@code modified} counts from Last-Modified.
 */
public record ExpiresSetting(Kind kind, long seconds) {
    public enum Kind { OFF, EPOCH, MAX, ACCESS, MODIFIED, DAILY }

    public static final ExpiresSetting OFF = new ExpiresSetting(Kind.OFF, 0);

    /** Parses the value; throws IllegalArgumentException with nginx's message. */
    public static ExpiresSetting parse(String value, boolean modified) {
        switch (value) {
            case "epoch" -> { return new ExpiresSetting(Kind.EPOCH, 0); }
            case "max" -> { return new ExpiresSetting(Kind.MAX, 0); }
            case "off" -> { return OFF; }
            default -> { }
        }
        String v = value;
        boolean minus = false;
        Kind kind = modified ? Kind.MODIFIED : Kind.ACCESS;
        if (v.startsWith("@")) {
            if (modified) {
                throw new IllegalArgumentException("daily time cannot be used with \"modified\" parameter");
            }
            kind = Kind.DAILY;
            v = v.substring(1);
        } else if (v.startsWith("+")) {
            v = v.substring(1);
        } else if (v.startsWith("-")) {
            minus = true;
            v = v.substring(1);
        }
        long millis = ConfigValues.millis(v);
        if (millis < 0) {
            throw new IllegalArgumentException("invalid value");
        }
        long seconds = millis / 1000;
        if (kind == Kind.DAILY && seconds > 24 * 60 * 60) {
            throw new IllegalArgumentException("daily time value must be less than 24 hours");
        }
        return new ExpiresSetting(kind, minus ? -seconds : seconds);
    }
}

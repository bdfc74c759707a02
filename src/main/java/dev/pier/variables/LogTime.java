package dev.pier.variables;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time variables nginx keeps formatted once per second ({@code $time_local}, {@code $time_iso8601}):
 * a snapshot per second shared by all threads, replaced whole when the second changes.
 */
final class LogTime {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private record Second(long epochSecond, String local, String iso) { }

    private static volatile Second current = format(System.currentTimeMillis() / 1000);

    private LogTime() { }

    private static Second format(long epochSecond) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(ZoneId.systemDefault());
        return new Second(epochSecond, LOCAL.format(t), ISO.format(t));
    }

    private static Second now() {
        long sec = System.currentTimeMillis() / 1000;
        Second s = current;
        if (s.epochSecond != sec) {
            s = format(sec);
            current = s;
        }
        return s;
    }

    /** {@code 23/Nov/2026:10:00:00 +0000}. */
    static String local() { return now().local; }

    /** {@code 2026-11-23T10:00:00+00:00}. */
    static String iso8601() { return now().iso; }

    /** nginx's "%T.%03M": seconds and milliseconds. */
    static String secondsWithMillis(long millis) {
        long ms = Math.max(millis, 0);
        String frac = Long.toString(ms % 1000);
        return ms / 1000 + (frac.length() == 1 ? ".00" : frac.length() == 2 ? ".0" : ".") + frac;
    }
}

package dev.pier.http;

import io.netty.util.concurrent.FastThreadLocal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 9110 dates: the current one cached per second (as nginx's cached time), and file times formatted and parsed. */
public final class HttpDate {
    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};   // from 1970-01-01
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** One second and its text, swapped as a pair so a reader never sees a new second with an old text. */
    private record Stamp(long second, String text) { }

    private static volatile Stamp now = new Stamp(System.currentTimeMillis() / 1000, formatSeconds(System.currentTimeMillis() / 1000));
    /** The last file time each event loop formatted: hot files repeat the same Last-Modified. */
    private static final FastThreadLocal<Stamp> LAST_FORMATTED = new FastThreadLocal<>() {
        @Override protected Stamp initialValue() { return new Stamp(Long.MIN_VALUE, ""); }
    };

    private HttpDate() { }

    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = now;
        if (s.second != second) {
            s = new Stamp(second, formatSeconds(second));
            now = s;
        }
        return s.text;
    }

    public static String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Stamp last = LAST_FORMATTED.get();
        if (last.second == second) {
            return last.text;
        }
        String text = formatSeconds(second);
        LAST_FORMATTED.set(new Stamp(second, text));
        return text;
    }

    /** IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") without DateTimeFormatter: this runs for every file response. */
    static String formatSeconds(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secOfDay = (int) Math.floorMod(epochSecond, 86_400);
        // civil date from days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's days_from_civil inverse
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[(int) Math.floorMod(days, 7)]).append(", ");
        two(sb, day).append(' ').append(MONTHS[month - 1]).append(' ').append(year).append(' ');
        two(sb, secOfDay / 3600).append(':');
        two(sb, secOfDay / 60 % 60).append(':');
        two(sb, secOfDay % 60).append(" GMT");
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** Seconds since the epoch, or -1 if the text is not an IMF-fixdate (nginx accepts RFC 850 and asctime too). */
    public static long parseSeconds(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return java.time.ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}

package dev.pier.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 9110 dates: the current one cached per second (as nginx's cached time), and file times formatted and parsed. */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static volatile long cachedSecond;
    private static volatile String cached = format(System.currentTimeMillis());

    private HttpDate() { }

    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        if (second != cachedSecond) {
            cached = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
            cachedSecond = second;
        }
        return cached;
    }

    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
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

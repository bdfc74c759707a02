package dev.pier.http.filter.expires;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The Expires and Cache-Control values nginx's ngx_http_set_expires computes for a setting, the current
 * time and the response's Last-Modified time (-1 when it has none).
 */
record ExpiresHeaders(String expires, String cacheControl) {
    /** nginx's "max": the last date a 32-bit time_t comfortably reaches, and ten years of max-age. */
    static final ExpiresHeaders MAX = new ExpiresHeaders("Thu, 31 Dec 2037 23:55:55 GMT", "max-age=315360000");
    static final ExpiresHeaders EPOCH = new ExpiresHeaders("Thu, 01 Jan 1970 00:00:01 GMT", "no-cache");

    /** {@code now} and {@code lastModified} in epoch seconds; {@code zone} for daily times (nginx uses local time). */
    static ExpiresHeaders compute(ExpiresSetting s, long now, long lastModified, ZoneId zone) {
        switch (s.kind()) {
            case EPOCH -> { return EPOCH; }
            case MAX -> { return MAX; }
            default -> { }
        }
        if (s.seconds() == 0 && s.kind() != ExpiresSetting.Kind.DAILY) {
            return new ExpiresHeaders(dev.pier.http.HttpDate.format(now * 1000), "max-age=0");
        }
        long expiresAt;
        long maxAge;
        if (s.kind() == ExpiresSetting.Kind.DAILY) {
            expiresAt = nextTime(s.seconds(), now, zone);
            maxAge = expiresAt - now;
        } else if (s.kind() == ExpiresSetting.Kind.ACCESS || lastModified < 0) {
            maxAge = s.seconds();
            expiresAt = now + s.seconds();
        } else {
            expiresAt = lastModified + s.seconds();
            maxAge = expiresAt - now;
        }
        String expires = dev.pier.http.HttpDate.format(expiresAt * 1000);
        if (s.seconds() < 0 || maxAge < 0) {
            return new ExpiresHeaders(expires, "no-cache");
        }
        return new ExpiresHeaders(expires, "max-age=" + maxAge);
    }

    /** ngx_next_time: today at the given time of day (local time), or tomorrow if that moment has passed. */
    static long nextTime(long secondsOfDay, long now, ZoneId zone) {
        LocalDate today = Instant.ofEpochSecond(now).atZone(zone).toLocalDate();
        long at = ZonedDateTime.of(today.atStartOfDay(), zone).plusSeconds(secondsOfDay).toEpochSecond();
        if (at <= now) {
            at = ZonedDateTime.of(today.plusDays(1).atStartOfDay(), zone).plusSeconds(secondsOfDay).toEpochSecond();
        }
        return at;
    }
}

package dev.pier.http.filter.expires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Values as nginx 1.22 sent them for the same settings (now = 10:16:57, Last-Modified = 10:16:23 on 23 Nov 2026). */
class ExpiresHeadersTest {
    private static final long NOW = 1795429017L;
    private static final long MTIME = 1795428983L;

    private static ExpiresHeaders compute(String value, boolean modified) {
        return ExpiresHeaders.compute(ExpiresSetting.parse(value, modified), NOW, MTIME, ZoneOffset.UTC);
    }

    @Test void relativeToAccess() {
        assertThat(compute("1h", false)).isEqualTo(new ExpiresHeaders("Mon, 23 Nov 2026 11:16:57 GMT", "max-age=3600"));
        assertThat(compute("+1h", false)).isEqualTo(new ExpiresHeaders("Mon, 23 Nov 2026 11:16:57 GMT", "max-age=3600"));
    }

    @Test void negativeIsNoCache() {
        assertThat(compute("-10s", false)).isEqualTo(new ExpiresHeaders("Mon, 23 Nov 2026 10:16:47 GMT", "no-cache"));
    }

    @Test void zeroIsNow() {
        assertThat(compute("0", false)).isEqualTo(new ExpiresHeaders("Mon, 23 Nov 2026 10:16:57 GMT", "max-age=0"));
    }

    @Test void epochAndMax() {
        assertThat(compute("epoch", false)).isEqualTo(new ExpiresHeaders("Thu, 01 Jan 1970 00:00:01 GMT", "no-cache"));
        assertThat(compute("max", false)).isEqualTo(new ExpiresHeaders("Thu, 31 Dec 2037 23:55:55 GMT", "max-age=315360000"));
    }

    @Test void modifiedCountsFromLastModified() {
        assertThat(compute("1d", true)).isEqualTo(new ExpiresHeaders("Tue, 24 Nov 2026 10:16:23 GMT", "max-age=86366"));
        // no Last-Modified: from the access time
        assertThat(ExpiresHeaders.compute(ExpiresSetting.parse("1d", true), NOW, -1, ZoneOffset.UTC))
                .isEqualTo(new ExpiresHeaders("Tue, 24 Nov 2026 10:16:57 GMT", "max-age=86400"));
        assertThat(compute("10s", true)).isEqualTo(new ExpiresHeaders("Mon, 23 Nov 2026 10:16:33 GMT", "no-cache"));
    }

    @Test void dailyTimeIsTheNextOccurrence() {
        assertThat(compute("@15h30m", false)).isEqualTo(new ExpiresHeaders("Mon, 23 Nov 2026 15:30:00 GMT", "max-age=18783"));
        assertThat(compute("@5h", false)).isEqualTo(new ExpiresHeaders("Tue, 24 Nov 2026 05:00:00 GMT", "max-age=67383"));
    }

    @Test void parseErrorsAsNginx() {
        assertThat(ExpiresSetting.parse("off", false)).isEqualTo(ExpiresSetting.OFF);
        assertThatThrownBy(() -> ExpiresSetting.parse("abc", false)).hasMessage("invalid value");
        assertThatThrownBy(() -> ExpiresSetting.parse("@25h", false)).hasMessage("daily time value must be less than 24 hours");
        assertThatThrownBy(() -> ExpiresSetting.parse("@1h", true)).hasMessage("daily time cannot be used with \"modified\" parameter");
    }

    @Test void appliesToNginxStatuses() {
        for (int s : new int[] {200, 201, 204, 206, 301, 302, 303, 304, 307, 308}) {
            assertThat(ExpiresFilter.applies(s)).as("status %d", s).isTrue();
        }
        for (int s : new int[] {100, 202, 300, 400, 404, 416, 500}) {
            assertThat(ExpiresFilter.applies(s)).as("status %d", s).isFalse();
        }
    }
}

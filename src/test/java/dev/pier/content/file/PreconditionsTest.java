package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.content.file.Preconditions.Outcome;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
    private static final String ETAG = "\"6b041277-17\"";
    private static final long MTIME = 1795428983L; // Mon, 23 Nov 2026 10:16:23 GMT
    private static final String DATE = "Mon, 23 Nov 2026 10:16:23 GMT";

    private static Outcome eval(IfModifiedSince mode, String... nameValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return Preconditions.evaluate(h, MTIME, ETAG, mode);
    }

    private static Outcome eval(String... nameValues) { return eval(IfModifiedSince.EXACT, nameValues); }

    @Test void ifNoneMatchComparesWeakly() {
        assertThat(eval("If-None-Match", ETAG)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(eval("If-None-Match", "W/" + ETAG)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(eval("If-None-Match", "\"a\", " + ETAG)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(eval("If-None-Match", "*")).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(eval("If-None-Match", "\"a\"")).isEqualTo(Outcome.SEND);
        assertThat(eval("If-None-Match", "\"6b041277-1\"")).isEqualTo(Outcome.SEND);
    }

    @Test void ifMatchComparesStrongly() {
        assertThat(eval("If-Match", ETAG)).isEqualTo(Outcome.SEND);
        assertThat(eval("If-Match", "*")).isEqualTo(Outcome.SEND);
        assertThat(eval("If-Match", "W/" + ETAG)).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(eval("If-Match", "\"zz\"")).isEqualTo(Outcome.PRECONDITION_FAILED);
    }

    @Test void ifModifiedSinceModes() {
        assertThat(eval("If-Modified-Since", DATE)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(eval("If-Modified-Since", "Mon, 23 Nov 2026 10:16:24 GMT")).isEqualTo(Outcome.SEND);
        assertThat(eval("If-Modified-Since", "garbage")).isEqualTo(Outcome.SEND);
        assertThat(eval(IfModifiedSince.BEFORE, "If-Modified-Since", "Mon, 23 Nov 2026 10:16:24 GMT")).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(eval(IfModifiedSince.BEFORE, "If-Modified-Since", "Mon, 23 Nov 2026 10:16:22 GMT")).isEqualTo(Outcome.SEND);
        assertThat(eval(IfModifiedSince.OFF, "If-Modified-Since", DATE)).isEqualTo(Outcome.SEND);
    }

    @Test void bothValidatorsMustAgree() {
        assertThat(eval("If-None-Match", ETAG, "If-Modified-Since", "Mon, 23 Nov 2026 10:16:24 GMT")).isEqualTo(Outcome.SEND);
        assertThat(eval("If-None-Match", ETAG, "If-Modified-Since", DATE)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test void ifUnmodifiedSince() {
        assertThat(eval("If-Unmodified-Since", DATE)).isEqualTo(Outcome.SEND);
        assertThat(eval("If-Unmodified-Since", "Mon, 23 Nov 2026 10:16:22 GMT")).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(eval("If-Unmodified-Since", "junk")).isEqualTo(Outcome.PRECONDITION_FAILED);
    }

    @Test void withoutEtagNothingMatches() {
        HttpHeaders h = new DefaultHttpHeaders().add("If-None-Match", "*");
        assertThat(Preconditions.evaluate(h, MTIME, null, IfModifiedSince.EXACT)).isEqualTo(Outcome.SEND);
    }
}

package dev.pier.proxy.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hide list's lookup: any case, decoded names and Strings alike, nothing else. */
class HeaderNameSetTest {
    @Test void findsANameInAnyCaseAndSpelling() {
        HeaderNameSet set = HeaderNameSet.of(List.of("X-Accel-Expires", "Server"));
        assertThat(set.contains("x-accel-expires")).isTrue();
        assertThat(set.contains(new AsciiString("SERVER"))).isTrue();
        assertThat(set.contains("Server2")).isFalse();
        assertThat(set.contains("Serve")).isFalse();
        assertThat(set.contains("")).isFalse();
    }

    @Test void holdsManyNamesWithoutLosingAny() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            names.add("X-Hidden-" + i);
        }
        names.add("x-hidden-7");   // the same name again, another case
        HeaderNameSet set = HeaderNameSet.of(names);
        for (int i = 0; i < 200; i++) {
            assertThat(set.contains("x-HIDDEN-" + i)).as("X-Hidden-%d", i).isTrue();
        }
        assertThat(set.contains("X-Hidden-200")).isFalse();
    }

    @Test void anEmptySetHoldsNothing() {
        assertThat(HeaderNameSet.of(List.of()).contains("Date")).isFalse();
    }
}

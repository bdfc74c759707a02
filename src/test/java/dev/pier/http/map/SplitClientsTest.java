package dev.pier.http.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.variables.Template;
import org.junit.jupiter.api.Test;

/**
 * split_clients buckets, pinned against nginx 1.22: each key below was sent as {@code ?k=KEY} to nginx serving
 * <pre>
 * split_clients "${arg_k}" $dec { 10% d0; 10% d1; ... 10% d9; }
 * split_clients "x${arg_k}" $odd { 0.5% a; 20% b; 33.33% c; 12.5% e; * f; }
 * split_clients "$arg_k" $part { 50% left; 25.5% mid; }
 * </pre>
 * and the answers of {@code return 200 "$dec $odd $part"} recorded here.
 */
class SplitClientsTest {
    private static final String[][] NGINX = {
        {"", "d0 b left"},
        {"a", "d5 b mid"},
        {"b", "d5 c mid"},
        {"c", "d1 c left"},
        {"abc", "d0 f left"},
        {"127.0.0.1", "d7 f mid"},
        {"192.168.1.10", "d3 e left"},
        {"user-1", "d0 f left"},
        {"user-2", "d1 f left"},
        {"user-3", "d6 c mid"},
        {"user-42", "d8 e "},
        {"AbCdEfGh", "d8 e "},
        {"0123456789", "d1 f left"},
        {"%C3%A9t%C3%A9", "d4 b left"},
        {"x", "d0 c left"},
        {"y", "d8 f "},
        {"z", "d5 b mid"},
        {"session=9f8e7d", "d4 c left"},
        {"longer-key-with-many-characters-0001", "d0 e left"},
    };

    private static SplitClients split(String... parts) {
        SplitClients.Builder b = new SplitClients.Builder();
        for (int i = 0; i < parts.length; i += 2) {
            assertThat(b.add(parts[i], parts[i + 1])).as(parts[i]).isTrue();
        }
        return b.build(Template.compile("k"));
    }

    @Test void bucketsAreNginxsForTheSameKeys() {
        SplitClients dec = split("10%", "d0", "10%", "d1", "10%", "d2", "10%", "d3", "10%", "d4", "10%", "d5", "10%", "d6",
                "10%", "d7", "10%", "d8", "10%", "d9");
        SplitClients odd = split("0.5%", "a", "20%", "b", "33.33%", "c", "12.5%", "e", "*", "f");
        SplitClients part = split("50%", "left", "25.5%", "mid");
        for (String[] row : NGINX) {
            String key = row[0];
            assertThat(dec.pick(key) + " " + odd.pick("x" + key) + " " + part.pick(key)).as(key).isEqualTo(row[1]);
        }
    }

    @Test void murmurHash2TakesBytesNotChars() {
        assertThat(MurmurHash2.hash(new byte[0])).isZero();   // seed 0, length 0: every mixing step keeps 0
        // a Latin-1 byte above 127 is hashed unsigned, as nginx's u_char
        assertThat(MurmurHash2.hash(new byte[] {(byte) 0xe9})).isNotEqualTo(MurmurHash2.hash(new byte[] {(byte) 0x69}));
    }

    @Test void percentagesAreReadAsNginxsAtofp() {
        assertThat(SplitClients.Builder.atofp("12.5", 2)).isEqualTo(1250);
        assertThat(SplitClients.Builder.atofp("0.55", 2)).isEqualTo(55);
        assertThat(SplitClients.Builder.atofp("50.", 2)).isEqualTo(5000);
        assertThat(SplitClients.Builder.atofp("0.555", 2)).isEqualTo(-1);
        assertThat(SplitClients.Builder.atofp("1.2.3", 2)).isEqualTo(-1);
        assertThat(SplitClients.Builder.atofp("x", 2)).isEqualTo(-1);
        SplitClients.Builder b = new SplitClients.Builder();
        assertThat(b.add("0%", "a")).isFalse();
        assertThat(b.add("50", "a")).isFalse();
        assertThat(b.add("*", "a")).isTrue();
    }

    @Test void totalsOverOneHundredPercentAreRefused() {
        SplitClients.Builder over = new SplitClients.Builder();
        over.add("50%", "a");
        over.add("60%", "b");
        assertThat(over.build(Template.compile("k"))).isNull();
        SplitClients.Builder afterStar = new SplitClients.Builder();
        afterStar.add("*", "a");
        afterStar.add("1%", "b");
        assertThat(afterStar.build(Template.compile("k"))).isNull();
        SplitClients.Builder exact = new SplitClients.Builder();
        exact.add("33.34%", "a");
        exact.add("66.66%", "b");
        assertThat(exact.build(Template.compile("k"))).isNotNull();
    }
}

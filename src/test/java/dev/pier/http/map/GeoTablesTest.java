package dev.pier.http.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.http.InetText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** geo's building blocks: nginx's address parsers, the CIDR radix trees, the ranges. */
class GeoTablesTest {
    private static String text(byte[] a) {
        if (a == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : a) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    @Test void ipv4TextIsReadAsNginxsInetAddr() {
        assertThat(InetText.inet4("10.1.2.3", 0, 8)).isEqualTo(0x0a010203L);
        assertThat(InetText.inet4("1..2.3", 0, 6)).isEqualTo(0x01000203L);
        assertThat(InetText.inet4("01.002.3.4", 0, 10)).isEqualTo(0x01020304L);
        assertThat(InetText.inet4("1.2.3.4.5", 0, 9)).isEqualTo(InetText.NONE);
        assertThat(InetText.inet4("1.2.3.256", 0, 9)).isEqualTo(InetText.NONE);
        assertThat(InetText.inet4("1.2.3", 0, 5)).isEqualTo(InetText.NONE);
        assertThat(InetText.inet4(" 1.2.3.4", 0, 8)).isEqualTo(InetText.NONE);
    }

    @Test void ipv6TextIsReadAsNginxsInet6Addr() {
        assertThat(text(InetText.parse("::1"))).isEqualTo("00000000000000000000000000000001");
        assertThat(text(InetText.parse("2001:DB8::"))).isEqualTo("20010db8000000000000000000000000");
        assertThat(text(InetText.parse("1:2:3:4:5:6:7:8"))).isEqualTo("00010002000300040005000600070008");
        assertThat(text(InetText.parse("::ffff:1.2.3.4"))).isEqualTo("00000000000000000000ffff01020304");
        assertThat(text(InetText.parse("1:2:3:4:5:6:1.2.3.4"))).isEqualTo("00010002000300040005000601020304");
        assertThat(text(InetText.parse("1::2:3"))).isEqualTo("00010000000000000000000000020003");
        assertThat(InetText.parse("fe80::1%eth0")).isNull();
        assertThat(InetText.parse("[::1]")).isNull();
        assertThat(InetText.parse("1:2:3:4:5:6:7:8:9")).isNull();
        assertThat(InetText.parse("1::2::3")).isNull();
        assertThat(InetText.parse(":1")).isNull();
        assertThat(InetText.parse("12345::")).isNull();
        assertThat(InetText.parse("")).isNull();
        assertThat(InetText.parse("garbage")).isNull();
    }

    @Test void networksAreMaskedAndLowBitsReported() {
        InetText.Cidr c = InetText.cidr("10.1.2.3/8");
        assertThat(text(c.address())).isEqualTo("0a000000");
        assertThat(c.bits()).isEqualTo(8);
        assertThat(c.lowBitsSet()).isTrue();
        assertThat(InetText.cidr("10.0.0.0/8").lowBitsSet()).isFalse();
        assertThat(InetText.cidr("1.2.3.4").bits()).isEqualTo(32);
        assertThat(InetText.cidr("2001:db8::/32").bits()).isEqualTo(32);
        assertThat(InetText.cidr("10.0.0.1/33")).isNull();
        assertThat(InetText.cidr("::1/129")).isNull();
        assertThat(InetText.cidr("10.0.0.0/")).isNull();
        assertThat(InetText.cidr("10.0.0.0/x")).isNull();
        assertThat(InetText.cidr("255.255.255.255/32")).isNull();   // nginx cannot read it either
    }

    @Test void theLongestPrefixWins() {
        CidrTree t = new CidrTree();
        t.insert(new byte[4], 0, "default");
        t.insert(InetText.cidr("10.0.0.0/8").address(), 8, "ten");
        t.insert(InetText.cidr("10.1.0.0/16").address(), 16, "ten-one");
        t.insert(InetText.cidr("10.1.2.3").address(), 32, "host");
        assertThat(t.find(InetText.parse("10.1.2.3"))).isEqualTo("host");
        assertThat(t.find(InetText.parse("10.1.2.4"))).isEqualTo("ten-one");
        assertThat(t.find(InetText.parse("10.2.0.0"))).isEqualTo("ten");
        assertThat(t.find(InetText.parse("11.0.0.0"))).isEqualTo("default");
        assertThat(t.delete(InetText.cidr("10.1.0.0/16").address(), 16)).isTrue();
        assertThat(t.delete(InetText.cidr("10.1.0.0/16").address(), 16)).isFalse();
        assertThat(t.find(InetText.parse("10.1.2.4"))).isEqualTo("ten");
        assertThat(t.insert(InetText.cidr("10.0.0.0/8").address(), 8, "again")).isEqualTo("ten");
    }

    @Test void ipv6NetworksAndMappedAddresses() {
        CidrTree v4 = new CidrTree();
        CidrTree v6 = new CidrTree();
        v4.defaultIfAbsent("v4default");
        v6.defaultIfAbsent("v6default");
        v4.insert(InetText.parse("1.2.3.0"), 24, "onetwothree");
        v4.insert(new byte[] {-1, -1, -1, -1}, 32, "none");
        v6.insert(InetText.cidr("2001:db8::/32").address(), 32, "doc");
        v6.insert(InetText.cidr("2001:db8:1::/48").address(), 48, "doc1");
        GeoVariable g = GeoVariable.networks(null, null, v4, v6);
        assertThat(g.findNetwork(InetText.parse("2001:db8:1::5"))).isEqualTo("doc1");
        assertThat(g.findNetwork(InetText.parse("2001:db8:2::5"))).isEqualTo("doc");
        assertThat(g.findNetwork(InetText.parse("::2"))).isEqualTo("v6default");
        assertThat(g.findNetwork(InetText.parse("::ffff:1.2.3.4"))).isEqualTo("onetwothree");
        assertThat(g.findNetwork(null)).isEqualTo("none");
    }

    @Test void rangesSplitShiftAndReplaceAsNginx() {
        GeoRanges r = new GeoRanges();
        List<String> replaced = new ArrayList<>();
        r.add(ip("10.0.0.0"), ip("10.0.255.255"), "a", replaced::add);
        r.add(ip("10.0.1.0"), ip("10.0.1.255"), "b", replaced::add);
        r.add(ip("10.0.1.10"), ip("10.0.1.10"), "c", replaced::add);
        r.add(ip("10.0.1.20"), ip("10.0.1.255"), "tail", replaced::add);
        r.add(ip("1.0.0.0"), ip("1.255.255.255"), "one", replaced::add);
        r.add(ip("10.0.0.0"), ip("10.0.0.255"), "head", replaced::add);
        r.add(ip("10.0.0.0"), ip("10.0.0.255"), "head2", replaced::add);
        // the split left "a" exactly on 10.0.0.0-10.0.0.255: giving that range again replaces it, with nginx's warning
        assertThat(replaced).containsExactly("a", "head");
        GeoRanges.Table t = r.freeze("rdef");
        assertThat(t.find(ip("10.0.1.10"))).isEqualTo("c");
        assertThat(t.find(ip("10.0.1.11"))).isEqualTo("b");
        assertThat(t.find(ip("10.0.1.30"))).isEqualTo("tail");
        assertThat(t.find(ip("10.0.0.1"))).isEqualTo("head2");
        assertThat(t.find(ip("10.0.2.1"))).isEqualTo("a");
        assertThat(t.find(ip("1.2.3.4"))).isEqualTo("one");
        assertThat(t.find(ip("9.9.9.9"))).isEqualTo("rdef");
        assertThat(t.find(InetText.NONE)).isEqualTo("rdef");
    }

    @Test void anOverlapThatIsNotNestedIsAnError() {
        GeoRanges r = new GeoRanges();
        r.add(ip("10.0.0.0"), ip("10.0.0.255"), "a", old -> { });
        assertThatThrownBy(() -> r.add(ip("10.0.0.5"), ip("10.0.1.5"), "b", old -> { }))
                .isInstanceOf(GeoRanges.Overlap.class).hasMessage("10.0.0.0-10.0.0.255");
    }

    @Test void deletingNeedsTheExactRange() {
        GeoRanges r = new GeoRanges();
        r.add(ip("10.0.0.0"), ip("10.1.255.255"), "a", old -> { });
        assertThat(r.delete(ip("1.1.1.1"), ip("1.1.1.2"))).isFalse();
        assertThat(r.delete(ip("10.0.0.0"), ip("10.1.255.255"))).isTrue();
        assertThat(r.freeze("d").find(ip("10.0.0.1"))).isEqualTo("d");
    }

    private static long ip(String s) { return InetText.inet4(s, 0, s.length()); }
}

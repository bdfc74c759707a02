package dev.pier.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.ConnectionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The decoder in a pipeline: the header leaves the bytes after it to the next handler, whole or in pieces; broken closes. */
class ProxyProtocolDecoderTest {
    private final ConnectionInfo info = new ConnectionInfo(new InetSocketAddress("127.0.0.1", 5000),
            new InetSocketAddress("127.0.0.1", 80), new InetSocketAddress("127.0.0.1", 80), "http");

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new ProxyProtocolDecoder(1024, "127.0.0.1:80", () -> info));
    }

    private static ByteBuf bytes(String s) { return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1); }

    /** What reached the next handler, as text; the buffers are released. */
    private static String passedOn(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readInbound()) != null) {
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    @Test void headerAndRequestInOneRead() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET / HTTP/1.1\r\n"));
        assertThat(passedOn(ch)).isEqualTo("GET / HTTP/1.1\r\n");
        assertThat(info.proxyProtocol()).isEqualTo(new ProxyProtocolHeader("1.2.3.4", 1111, "5.6.7.8", 2222));
        assertThat(ch.pipeline().get(ProxyProtocolDecoder.class)).isNull();
        ch.writeInbound(bytes("Host: a\r\n"));
        assertThat(passedOn(ch)).isEqualTo("Host: a\r\n");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void aHeaderSplitByteByByte() {
        EmbeddedChannel ch = channel();
        String text = ProxyProtocolParserTest.v2(1, 0x11, ProxyProtocolParserTest.IPV4) + "GET";
        for (int i = 0; i < text.length() - 3; i++) {
            ch.writeInbound(bytes(text.substring(i, i + 1)));
            assertThat(ch.isOpen()).isTrue();
        }
        assertThat(passedOn(ch)).isEmpty();
        assertThat(info.proxyProtocol()).isEqualTo(new ProxyProtocolHeader("1.2.3.4", 1111, "5.6.7.8", 2222));
        ch.writeInbound(bytes("GET"));
        assertThat(passedOn(ch)).isEqualTo("GET");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void aV1HeaderInThreePieces() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("PROXY TCP6 ::1 "));
        ch.writeInbound(bytes("::2 1 2\r"));
        assertThat(info.proxyProtocol()).isNull();
        ch.writeInbound(bytes("\nGET /"));
        assertThat(passedOn(ch)).isEqualTo("GET /");
        assertThat(info.proxyProtocol()).isEqualTo(new ProxyProtocolHeader("::1", 1, "::2", 2));
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void brokenHeaderClosesAndPassesNothingOn() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(passedOn(ch)).isEmpty();
        assertThat(info.proxyProtocol()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void brokenAfterAValidBeginning() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("PROXY TCP4 1.2.3.4 "));
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(bytes("5.6.7.8 x"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void oversizeHeaderIsRefused() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("PROXY TCP4 " + "1".repeat(2000)));
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void aPeerClosingMidHeaderLeavesNothingBehind() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("PROXY TCP4 1.2"));
        ch.close();
        assertThat(info.proxyProtocol()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void aHeaderWithoutAddressesLeavesNone() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes(ProxyProtocolParserTest.v2(0, 0x11, ProxyProtocolParserTest.IPV4)));
        assertThat(passedOn(ch)).isEmpty();
        assertThat(ch.pipeline().get(ProxyProtocolDecoder.class)).isNull();
        assertThat(info.proxyProtocol()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}

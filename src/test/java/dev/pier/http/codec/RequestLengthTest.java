package dev.pier.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the decoder tells the access log: the size of each request head, and what arrived of a refused one. */
class RequestLengthTest {
    private static EmbeddedChannel channel() { return new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults())); }

    private static void write(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    private static Object firstOf(EmbeddedChannel ch) {
        Object first = ch.readInbound();
        for (Object o; (o = ch.readInbound()) != null; ) {
            ReferenceCountUtil.release(o);
        }
        return first;
    }

    @Test void headLengthCountsTheLineAndHeaderLinesButNotLeadingEmptyLines() {
        EmbeddedChannel ch = channel();
        write(ch, "\r\n\r\nGET /r HTTP/1.1\r\nHost: a\r\nX: 1\n\r\n");
        assertThat(((DecodedRequest) firstOf(ch)).headLength()).isEqualTo(17 + 9 + 5 + 2);
        write(ch, "GET /r HTTP/1.1\r\nHost: a\r\n");
        write(ch, "\r\n");
        assertThat(((DecodedRequest) firstOf(ch)).headLength()).isEqualTo(17 + 9 + 2);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void aRefusedLineIsReportedAsReceived() {
        EmbeddedChannel ch = channel();
        write(ch, "GET / HTTP/1.1 X\r\nHost: a\r\n\r\n");
        Http1DecodeError e = (Http1DecodeError) firstOf(ch);
        assertThat(e.receivedLine()).isEqualTo("GET / HTTP/1.1 X");
        assertThat(e.headLength()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test void anErrorAfterTheLineReportsTheLineAndTheHeadSoFar() {
        EmbeddedChannel ch = channel();
        write(ch, "GET /x?y HTTP/1.0\r\nHost: a\r\nBad Header\r\n\r\n");
        Http1DecodeError e = (Http1DecodeError) firstOf(ch);
        assertThat(e.requestLineParsed()).isTrue();
        assertThat(e.receivedLine()).isEqualTo("GET /x?y HTTP/1.0");
        assertThat(e.headLength()).isEqualTo(19 + 9);
        ch.finishAndReleaseAll();
    }

    @Test void aLineRefusedByAHeaderRuleCountsInTheHead() {
        EmbeddedChannel ch = channel();
        write(ch, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        Http1DecodeError e = (Http1DecodeError) firstOf(ch);
        assertThat(e.headLength()).isEqualTo(16 + 9 + 9);
        ch.finishAndReleaseAll();
    }

    @Test void anIncompleteHeadIsReportedForATimeout() {
        EmbeddedChannel ch = channel();
        Http1RequestDecoder decoder = ch.pipeline().get(Http1RequestDecoder.class);
        assertThat(decoder.incomplete(408, "t")).isNull();
        write(ch, "GE");
        assertThat(decoder.incomplete(408, "t").receivedLine()).isEqualTo("GE");
        write(ch, "T /z HTTP/1.1\r\nHost: a\r\n");
        Http1DecodeError e = decoder.incomplete(408, "t");
        assertThat(e.receivedLine()).isEqualTo("GET /z HTTP/1.1");
        assertThat(e.headLength()).isEqualTo(17 + 9);
        ch.finishAndReleaseAll();
    }
}

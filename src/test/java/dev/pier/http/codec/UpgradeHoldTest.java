package dev.pier.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What follows a request carrying Upgrade is held undecoded: handed over raw when the connection switches
 * protocols (nginx relays its header buffer's rest to the upstream), decoded as the next request when not.
 */
class UpgradeHoldTest {
    private static ByteBuf ascii(String s) { return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1); }

    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";

    @Test void bytesAfterAnUpgradeRequestAreHandedOverRaw() {
        Http1RequestDecoder decoder = new Http1RequestDecoder(Http1Limits.defaults());
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(ascii(UPGRADE + "\u0081\u0002hiGET / HTTP/1.1\r\n"));
        assertThat((Object) ch.readInbound()).isInstanceOf(HttpRequest.class);
        assertThat((Object) ch.readInbound()).isInstanceOf(LastHttpContent.class);
        assertThat((Object) ch.readInbound()).as("nothing decoded after it").isNull();
        ch.writeInbound(ascii("more"));
        assertThat((Object) ch.readInbound()).isNull();
        ByteBuf rest = decoder.takeUnread();
        assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0002hiGET / HTTP/1.1\r\nmore");
        rest.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void withoutASwitchWhatFollowsIsTheNextRequest() {
        Http1RequestDecoder decoder = new Http1RequestDecoder(Http1Limits.defaults());
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(ascii(UPGRADE + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n"));
        ReferenceCountUtil.release(ch.readInbound());
        ReferenceCountUtil.release(ch.readInbound());
        assertThat((Object) ch.readInbound()).isNull();
        decoder.resumeAfterUpgrade();
        ch.runPendingTasks();
        HttpRequest next = ch.readInbound();
        assertThat(next.uri()).isEqualTo("/next");
        ReferenceCountUtil.release(ch.readInbound());
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test void garbageAfterAnUpgradeRequestNotSwitchedIsRefusedAsNginx() {
        Http1RequestDecoder decoder = new Http1RequestDecoder(Http1Limits.defaults());
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(ascii(UPGRADE + "Hot diggity dogg\r\n"));
        ReferenceCountUtil.release(ch.readInbound());
        ReferenceCountUtil.release(ch.readInbound());
        decoder.resumeAfterUpgrade();
        ch.runPendingTasks();
        assertThat((Object) ch.readInbound()).isInstanceOf(Http1DecodeError.class);
        ch.finishAndReleaseAll();
    }

    @Test void aRequestWithoutUpgradeIsFollowedAtOnce() {
        EmbeddedChannel ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"));
        int requests = 0;
        Object m;
        while ((m = ch.readInbound()) != null) {
            requests += m instanceof HttpRequest ? 1 : 0;
            ReferenceCountUtil.release(m);
        }
        assertThat(requests).isEqualTo(2);
        ch.finishAndReleaseAll();
    }
}

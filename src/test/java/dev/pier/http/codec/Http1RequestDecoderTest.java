package dev.pier.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class Http1RequestDecoderTest {

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesSimpleGetWithHeadersInOrderAndOriginalCase() {
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nX-Two: 2\r\nx-one:  1  \r\n"
                + "Accept: */*\r\n\r\n"));

        final HttpRequest request = ch.readInbound();
        assertThat(request).isExactlyInstanceOf(DecodedRequest.class);
        assertThat(request.method()).isSameAs(HttpMethod.GET);
        assertThat(request.uri()).isEqualTo("/a/b?c=d");
        assertThat(request.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
        assertThat(request.headers().entries()).map(e -> Map.entry(e.getKey(), e.getValue())).containsExactly(
                entry("Host", "example.com"), entry("X-Two", "2"), entry("x-one", "1"), entry("Accept", "*/*"));
        assertThat((Object) ch.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void internsCommonMethodsAndHeaderNames() {
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"
                + "PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\n"));
        final HttpRequest post = ch.readInbound();
        assertThat(post.method()).isSameAs(HttpMethod.POST);
        final String hostName = post.headers().names().iterator().next();
        assertThat((Object) ch.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        final HttpRequest propfind = ch.readInbound();
        assertThat(propfind.headers().names().iterator().next()).isSameAs(hostName);
        assertThat((Object) ch.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);

        final var again = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        again.writeInbound(ascii("PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\n"));
        final HttpRequest second = again.readInbound();
        assertThat(second.method()).isSameAs(propfind.method());
        assertThat((Object) again.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(again.finishAndReleaseAll()).isFalse();
    }

    @Test
    void streamsContentLengthBodyAsItArrives() {
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhel"));
        final HttpRequest request = ch.readInbound();
        assertThat(request.uri()).isEqualTo("/up");
        HttpContent part = ch.readInbound();
        assertThat(part).isExactlyInstanceOf(DefaultHttpContent.class);
        assertThat(part.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hel");
        part.release();
        assertThat((Object) ch.readInbound()).as("waits for no more than what has arrived").isNull();

        ch.writeInbound(ascii("lo wor"));
        part = ch.readInbound();
        assertThat(part.content().toString(StandardCharsets.US_ASCII)).isEqualTo("lo wor");
        part.release();

        ch.writeInbound(ascii("ldGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        part = ch.readInbound();
        assertThat(part.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ld");
        part.release();
        assertThat((Object) ch.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        final HttpRequest next = ch.readInbound();
        assertThat(next.uri()).isEqualTo("/");
        assertThat((Object) ch.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void bodySlicesSurviveLaterInput() {
        // slices of the cumulation must stay intact while the decoder keeps reading into it
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab"));
        final HttpRequest request = ch.readInbound();
        assertThat(request).isNotNull();
        final HttpContent first = ch.readInbound();
        ch.writeInbound(ascii("cdPOST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nzz"));
        assertThat(first.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
        first.release();
        final List<Object> rest = drain(ch);
        assertThat(rest).hasSize(5); // "cd", last, request, "zz", last
        rest.forEach(io.netty.util.ReferenceCountUtil::release);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void dechunksBodyAndCarriesTrailers() {
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Check: 42\r\nbad line\r\nY-Other:  v  \r\n\r\n"));
        final HttpRequest request = ch.readInbound();
        assertThat(request.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        final StringBuilder body = new StringBuilder();
        for (Object msg; (msg = ch.readInbound()) != null; ) {
            final HttpContent content = (HttpContent) msg;
            body.append(content.content().toString(StandardCharsets.US_ASCII));
            if (msg instanceof LastHttpContent last) {
                assertThat(last).isExactlyInstanceOf(DefaultLastHttpContent.class);
                assertThat(last.trailingHeaders().entries()).map(e -> Map.entry(e.getKey(), e.getValue()))
                        .containsExactly(entry("X-Check", "42"), entry("Y-Other", "v"));
            }
            content.release();
        }
        assertThat(body).hasToString("hello world");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void chunkedBodyStreamsPartialChunks() {
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123"));
        ((HttpRequest) ch.readInbound()).headers();
        final HttpContent part = ch.readInbound();
        assertThat(part.content().toString(StandardCharsets.US_ASCII)).isEqualTo("0123");
        part.release();
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isTrue(); // the premature-close error
    }

    @Test
    void pipelinedRequestsDecodeInTurn() {
        final var result = DecoderRun.defaults().whole(
                "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "\r\n\r\n" // empty lines between requests are skipped, as nginx does
                + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
                + "HEAD /4 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "DELETE /5 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(result.error()).isNull();
        assertThat(result.requests()).extracting(DecoderRun.Request::uri).containsExactly("/1", "/2", "/3", "/4", "/5");
        assertThat(result.requests()).extracting(DecoderRun.Request::bodyText)
                .containsExactly("", "abc", "xyz", "", "");
        assertThat(result.requests()).allMatch(DecoderRun.Request::complete);
    }

    @Test
    void dropsWhatFollowsARequestNginxWillNotKeepAliveFor() {
        // nginx 1.22.1: one 200, then the connection is closed; the second request is never read
        assertThat(DecoderRun.defaults().whole("GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n")
                .requests()).extracting(DecoderRun.Request::uri).containsExactly("/a");
        assertThat(DecoderRun.defaults().whole(
                "GET /a HTTP/1.1\r\nHost: a\r\nConnection: xCLOSEx\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n")
                .requests()).extracting(DecoderRun.Request::uri).containsExactly("/a");
        // the last Connection line that names close or keep-alive wins
        assertThat(DecoderRun.defaults().whole("GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                + "Connection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n").requests())
                .extracting(DecoderRun.Request::uri).containsExactly("/a", "/b");
        final var garbageAfterClose = DecoderRun.defaults().whole(
                "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n\u0001\u0002 garbage");
        assertThat(garbageAfterClose.error()).isNull();
        assertThat(garbageAfterClose.requests()).hasSize(1);
    }

    @Test
    void simpleRequestIsHttp09AndEndsTheConnection() {
        final var result = DecoderRun.defaults().whole("GET /x\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(result.error()).isNull();
        assertThat(result.requests()).singleElement().satisfies(r -> {
            assertThat(r.uri()).isEqualTo("/x");
            assertThat(r.version()).isEqualTo("HTTP/0.9");
            assertThat(r.headers()).isEmpty();
            assertThat(r.complete()).isTrue();
        });
        assertThat(DecoderRun.defaults().whole("GET http://example.com \r\n").first().uri())
                .isEqualTo("http://example.com");
        assertThat(DecoderRun.defaults().whole("HEAD /\r\n").error())
                .isEqualTo(new Http1DecodeError(400, Http1DecodeError.INVALID_09_METHOD, false, "HEAD", "/"));
    }

    @Test
    void absoluteTargetIsKeptAsSent() {
        final var result = DecoderRun.defaults().whole(
                "GET http://Example.COM:8080/p/../q?x=%zz HTTP/1.1\r\nHost: other\r\n\r\n"
                + "GET https://[::1]?q HTTP/1.1\r\nHost: other\r\n\r\n"
                + "OPTIONS http://h HTTP/1.1\r\nHost: other\r\n\r\n");
        assertThat(result.error()).isNull();
        assertThat(result.requests()).extracting(DecoderRun.Request::uri)
                .containsExactly("http://Example.COM:8080/p/../q?x=%zz", "https://[::1]?q", "http://h");
    }

    @Test
    void versionsAboveOnePointOneAreTakenAsIs() {
        final var result = DecoderRun.defaults().whole("GET / HTTP/1.999\r\nHost: a\r\n\r\n");
        assertThat(result.first().version()).isEqualTo("HTTP/1.999");
    }

    @Test
    void ignoresInvalidHeaderNamesAndUnderscoresByDefault() {
        final var result = DecoderRun.defaults().whole("GET / HTTP/1.1\r\nHost: a\r\nX@Y: 1\r\nX_Y: 2\r\n"
                + "_Z: 3\r\nX\u00e9: 4\r\nGood-Name: 5\r\nNoColon\r\n\r\n");
        assertThat(result.first().headers()).containsExactly(
                entry("Host", "a"), entry("Good-Name", "5"), entry("NoColon", ""));
    }

    @Test
    void keepsInvalidNamesAndUnderscoresWhenConfigured() {
        final var keepAll = new Http1Limits(1024, 4, 8192, false, true, true);
        final var result = DecoderRun.with(keepAll).whole("GET / HTTP/1.1\r\nHost: a\r\nX@Y: 1\r\nX_Y: 2\r\n\r\n");
        assertThat(result.first().headers()).containsExactly(entry("Host", "a"), entry("X@Y", "1"), entry("X_Y", "2"));

        final var underscoresOnly = new Http1Limits(1024, 4, 8192, true, true, true);
        assertThat(DecoderRun.with(underscoresOnly).whole("GET / HTTP/1.1\r\nHo_st: a\r\nHost: b\r\n\r\n")
                .first().headers()).containsExactly(entry("Ho_st", "a"), entry("Host", "b"));
    }

    @Test
    void headerValuesKeepTabsAndControlBytesLikeNginx() {
        // nginx 1.22.1 trims only spaces around a value and passes other control bytes through
        final var result = DecoderRun.defaults().whole(
                "GET / HTTP/1.1\r\nHost: a\r\nX:\tabc\t\r\nY: \u0001v\u000b \r\nZ:   \r\nW: a\r\r\n\r\n");
        assertThat(result.first().headers()).containsExactly(entry("Host", "a"), entry("X", "\tabc\t"),
                entry("Y", "\u0001v\u000b"), entry("Z", ""), entry("W", "a"));
    }

    @Test
    void bareLineFeedsEndLinesAsInNginx() {
        final var result = DecoderRun.defaults().whole(
                "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\nGET /n HTTP/1.1\nHost: a\n\n");
        assertThat(result.error()).isNull();
        assertThat(result.requests()).extracting(DecoderRun.Request::bodyText).containsExactly("hello", "");
    }

    @Test
    void contentLengthWithLeadingZerosAndSpacesIsAccepted() {
        final var result = DecoderRun.defaults().whole(
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:   005   \r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(result.requests()).extracting(DecoderRun.Request::bodyText).containsExactly("hello", "");
    }

    @Test
    void largestContentLengthIsAccepted() {
        // nginx 1.22.1 reads 9223372036854775807 and then applies client_max_body_size (413)
        final var result = DecoderRun.defaults().whole(
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775807\r\n\r\nabc");
        assertThat(result.error()).isNull();
        assertThat(result.first().bodyText()).isEqualTo("abc");
        assertThat(result.first().complete()).isFalse();
    }

    @Test
    void prematureCloseIsReportedWithoutAResponse() {
        final var inHead = DecoderRun.defaults().thenClose().whole("GET / HTTP/1.1\r\nHost: a\r\n");
        assertThat(inHead.error()).isEqualTo(
                new Http1DecodeError(400, Http1DecodeError.PREMATURE_CLOSE, true, "GET", "/"));
        assertThat(inHead.error().needsResponse()).isFalse();

        final var inBody = DecoderRun.defaults().thenClose().whole(
                "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab");
        assertThat(inBody.requests()).singleElement().satisfies(r -> {
            assertThat(r.bodyText()).isEqualTo("ab");
            assertThat(r.complete()).isFalse();
        });
        assertThat(inBody.error().reason()).isEqualTo(Http1DecodeError.PREMATURE_CLOSE);

        final var inLine = DecoderRun.defaults().thenClose().whole("GE");
        assertThat(inLine.error()).isEqualTo(
                new Http1DecodeError(400, Http1DecodeError.PREMATURE_CLOSE, false, null, null));

        assertThat(DecoderRun.defaults().thenClose().whole("GET / HTTP/1.1\r\nHost: a\r\n\r\n\r\n").error())
                .as("a close between requests is not an error").isNull();
        assertThat(DecoderRun.defaults().thenClose().whole("").error()).isNull();
    }

    @Test
    void errorIsEmittedOnceAndTheRestIsDropped() {
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\nget / HTTP/1.1\r\n\r\n"));
        assertThat(((HttpRequest) ch.readInbound()).uri()).isEqualTo("/");
        assertThat((Object) ch.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) ch.readInbound())
                .isEqualTo(new Http1DecodeError(400, Http1DecodeError.INVALID_METHOD, false, null, null));
        ch.writeInbound(ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void removingTheDecoderHandsOnUndecodedBytes() {
        final var ch = new EmbeddedChannel(new Http1RequestDecoder(Http1Limits.defaults()));
        ch.writeInbound(ascii("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
        assertThat(((HttpRequest) ch.readInbound()).headers().get("Upgrade")).isEqualTo("websocket");
        assertThat((Object) ch.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        ch.writeInbound(ascii("GET / HT")); // not a whole line yet: kept undecoded
        ch.pipeline().removeFirst();
        final ByteBuf rest = ch.readInbound();
        assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HT");
        rest.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void limitsHaveNginxDefaults() {
        assertThat(Http1Limits.defaults()).isEqualTo(new Http1Limits(1024, 4, 8192, true, false, true));
    }

    private static List<Object> drain(EmbeddedChannel ch) {
        final List<Object> out = new java.util.ArrayList<>();
        for (Object msg; (msg = ch.readInbound()) != null; ) {
            out.add(msg);
        }
        return out;
    }
}

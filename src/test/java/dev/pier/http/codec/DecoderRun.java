package dev.pier.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds bytes through an {@link Http1RequestDecoder} in an {@link EmbeddedChannel} and turns what comes
 * out into plain values, releasing every buffer on the way and checking the order of the messages.
 */
final class DecoderRun {

    /** One decoded request: its head, its body bytes, its trailers, and whether its last content came. */
    record Request(String method, String uri, String version, List<Map.Entry<String, String>> headers,
                   String bodyText, List<Map.Entry<String, String>> trailers, boolean complete) {

        String header(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    }

    /** What the decoder emitted: requests in order, then at most one error. */
    record Result(List<Request> requests, Http1DecodeError error) {

        long completeCount() {
            return requests.stream().filter(Request::complete).count();
        }

        Request first() {
            assertThat(requests).isNotEmpty();
            return requests.get(0);
        }

        int status() {
            return error == null ? 0 : error.status();
        }
    }

    private final Http1Limits limits;
    private final boolean hostRequired;
    private boolean closeAtEnd;

    private DecoderRun(Http1Limits limits, boolean hostRequired) {
        this.limits = limits;
        this.hostRequired = hostRequired;
    }

    static DecoderRun with(Http1Limits limits) {
        return new DecoderRun(limits, true);
    }

    static DecoderRun defaults() {
        return new DecoderRun(Http1Limits.defaults(), true);
    }

    /** A decoder that lets HTTP/1.1 requests without Host through (parser conformance vectors). */
    static DecoderRun withoutHostCheck() {
        return new DecoderRun(Http1Limits.defaults(), false);
    }

    /** Also signal end of input (the peer closed) after the last byte. */
    DecoderRun thenClose() {
        closeAtEnd = true;
        return this;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    Result whole(String input) {
        return whole(bytes(input));
    }

    /** All at once, in a heap buffer. */
    Result whole(byte[] input) {
        return feed(input, from -> input.length - from, false);
    }

    Result byteByByte(byte[] input) {
        return split(input, from -> 1);
    }

    /**
     * Feeds {@code input} in pieces whose sizes {@code nextSize} gives (from the current offset), in
     * direct buffers (the decoder reads heap and direct buffers differently).
     */
    Result split(byte[] input, IntUnaryOperator nextSize) {
        return feed(input, nextSize, true);
    }

    private Result feed(byte[] input, IntUnaryOperator nextSize, boolean direct) {
        final EmbeddedChannel ch = new EmbeddedChannel();
        final TrackingAllocator alloc = new TrackingAllocator(direct);
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new Http1RequestDecoder(limits, hostRequired));
        final Collector collector = new Collector();
        try {
            int from = 0;
            while (from < input.length) {
                final int n = Math.max(1, Math.min(input.length - from, nextSize.applyAsInt(from)));
                final ByteBuf piece = ch.alloc().buffer(n);
                piece.writeBytes(input, from, n);
                ch.writeInbound(piece);
                from += n;
                collector.drain(ch);
            }
            if (closeAtEnd) {
                ch.finish();
                collector.drain(ch);
            }
            return collector.result();
        } finally {
            // an unfinished request only leaves the premature-close error behind
            ch.finish();
            for (Object msg; (msg = ch.readInbound()) != null; ) {
                ReferenceCountUtil.release(msg);
                assertThat(msg).isInstanceOfSatisfying(Http1DecodeError.class,
                        e -> assertThat(e.reason()).isEqualTo(Http1DecodeError.PREMATURE_CLOSE));
            }
            assertThat(ch.finishAndReleaseAll()).as("nothing left unread").isFalse();
            alloc.assertAllReleased();
        }
    }

    /** Remembers every buffer it hands out, to check that each was released exactly down to zero. */
    static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator(boolean direct) {
            super(direct);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private ByteBuf track(ByteBuf buf) {
            allocated.add(buf);
            return buf;
        }

        void assertAllReleased() {
            assertThat(allocated).as("buffers").allSatisfy(b -> assertThat(b.refCnt()).as("refCnt").isZero());
        }
    }

    private static final class Collector {
        private final List<Request> requests = new ArrayList<>();
        private HttpRequest head;
        private ByteArrayOutputStream body;
        private Http1DecodeError error;

        void drain(EmbeddedChannel ch) {
            for (Object msg; (msg = ch.readInbound()) != null; ) {
                try {
                    accept(msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
        }

        private void accept(Object msg) {
            assertThat(error).as("nothing after an error").isNull();
            if (msg instanceof Http1DecodeError e) {
                flushIncomplete();
                error = e;
                return;
            }
            if (msg instanceof HttpRequest r) {
                assertThat(head).as("request while the previous one is unfinished").isNull();
                assertThat(msg).isNotInstanceOf(HttpContent.class);
                head = r;
                body = new ByteArrayOutputStream();
                return;
            }
            assertThat(msg).isInstanceOf(HttpContent.class);
            assertThat(head).as("content outside a request").isNotNull();
            final HttpContent content = (HttpContent) msg;
            final ByteBuf data = content.content();
            final byte[] bytes = new byte[data.readableBytes()];
            data.getBytes(data.readerIndex(), bytes);
            body.writeBytes(bytes);
            if (msg instanceof LastHttpContent last) {
                requests.add(request(last.trailingHeaders().entries(), true));
                head = null;
            }
        }

        private void flushIncomplete() {
            if (head != null) {
                requests.add(request(List.of(), false));
                head = null;
            }
        }

        private Request request(List<Map.Entry<String, String>> trailers, boolean complete) {
            return new Request(head.method().name(), head.uri(), head.protocolVersion().text(),
                    entries(head.headers().entries()), body.toString(StandardCharsets.ISO_8859_1), entries(trailers),
                    complete);
        }

        private static List<Map.Entry<String, String>> entries(List<Map.Entry<String, String>> from) {
            return from.stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        }

        Result result() {
            flushIncomplete();
            return new Result(List.copyOf(requests), error);
        }
    }
}

package dev.pier.http.v2;

import dev.pier.http.ConnectionInfo;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * Netty's HTTP/2 frame codec with the abuse limits Pier sets, and one change of behaviour: a header list past
 * the limit is a connection error ENHANCE_YOUR_CALM, as nginx answers "client sent too large header", instead
 * of Netty's 431 response on the stream.
 */
final class Http2Codec extends Http2FrameCodec {
    private final ConnectionInfo info;

    private Http2Codec(Http2ConnectionEncoder encoder, Http2ConnectionDecoder decoder, Http2Settings settings,
                       boolean decoupleCloseAndGoAway, boolean flushPreface, ConnectionInfo info) {
        super(encoder, decoder, settings, decoupleCloseAndGoAway, flushPreface);
        this.info = info;
    }

    @Override protected void handleServerHeaderDecodeSizeError(ChannelHandlerContext ctx, Http2Stream stream) {
        onError(ctx, false, Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, "client sent too large header"));
    }

    /** A server codec for {@code limits}: what it advertises in its SETTINGS and what it enforces on the peer. */
    static Http2FrameCodec build(Http2Limits limits, ConnectionInfo info) {
        return new Builder(info)
                .initialSettings(new Http2Settings()
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .initialWindowSize(limits.initialWindow())
                        .maxHeaderListSize(limits.maxHeaderListSize()))
                // rapid reset (CVE-2023-44487): more RST_STREAMs than this per window end the connection (ENHANCE_YOUR_CALM)
                .decoderEnforceMaxRstFramesPerWindow(Http2Limits.MAX_RST_FRAMES, Http2Limits.RST_WINDOW_SECONDS)
                // SETTINGS/PING floods: acknowledgements the client does not read are queued up to this, then GOAWAY
                .encoderEnforceMaxQueuedControlFrames(Http2Limits.MAX_QUEUED_CONTROL_FRAMES)
                // CONTINUATION floods: tiny header fragments are counted; the block itself is bounded by the header limit
                .decoderEnforceMaxSmallContinuationFrames(Http2Limits.MAX_SMALL_CONTINUATION_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(Http2Limits.MAX_EMPTY_DATA_FRAMES)
                .validateHeaders(true)
                .build();
    }

    private static final class Builder extends Http2FrameCodecBuilder {
        private final ConnectionInfo info;

        Builder(ConnectionInfo info) {
            this.info = info;
            server(true);
            // a connection this side closes goes at once (after its GOAWAY): streams are ended by Pier, not waited for
            gracefulShutdownTimeoutMillis(0);
        }

        @Override protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                                  Http2Settings initialSettings) {
            Http2Codec codec = new Http2Codec(encoder, decoder, initialSettings, decoupleCloseAndGoAway(), flushPreface(), info);
            codec.gracefulShutdownTimeoutMillis(gracefulShutdownTimeoutMillis());
            return codec;
        }
    }
}

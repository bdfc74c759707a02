package dev.pier.http.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * A mark of how far a channel's queued writes have gone: it changes whenever the socket accepts bytes,
 * which is what nginx's send_timeout measures (the time between two successful writes).
 */
public final class SendProgress {
    private SendProgress() { }

    /** The current mark, or -1 once the channel has no outbound buffer (closed). */
    public static long mark(Channel ch) {
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out == null ? -1 : out.totalPendingWriteBytes() * 31 + out.currentProgress() * 17 + out.size();
    }
}

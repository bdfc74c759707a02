package dev.pier.http.connection;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.ConnectionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * First in the pipeline of a connection to a {@code listen ... proxy_protocol} address: reads the PROXY
 * protocol header (v1 or v2) before any HTTP, keeps its addresses in the {@link ConnectionInfo}, and leaves
 * the pipeline, handing the bytes after the header to the HTTP decoder. A broken header closes the
 * connection without a response and logs nginx's error line; so does a peer that closes mid-header (nginx
 * would have judged those bytes as one read). The connection's client_header_timeout runs meanwhile (the HTTP
 * handler's first timer); a close of Pier's own (timeout, shutdown) judges nothing. Holds at most
 * client_header_buffer_size bytes plus one read.
 */
public final class ProxyProtocolDecoder extends ChannelDuplexHandler {
    private final int limit;
    private final String server;
    private final Supplier<ConnectionInfo> connection;
    /** What came so far; null before the first bytes and once handed on or dropped. */
    private ByteBuf received;
    /** The header was judged (read or refused), or Pier closes the connection itself: nothing more to judge. */
    private boolean settled;

    /**
     * @param limit the header buffer nginx reads it into (client_header_buffer_size of the default server)
     * @param server the listen address as error lines name it
     * @param connection the connection's info, made when it became active
     */
    public ProxyProtocolDecoder(int limit, String server, Supplier<ConnectionInfo> connection) {
        this.limit = limit;
        this.server = server;
        this.connection = connection;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (settled || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (received == null) {
            received = in;
        } else {
            received = ctx.alloc().compositeBuffer().addComponents(true, received, in);
        }
        judge(ctx, false);
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!settled && ctx.channel().isActive()) {
            ctx.read();   // a valid beginning: the rest of the header is on its way
        }
        ctx.fireChannelReadComplete();
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!settled) {
            if (received == null || !received.isReadable()) {
                log(LogLevel.INFO, "client closed connection");
                settled = true;
            } else {
                judge(ctx, true);   // the peer closed: what came is all nginx would have read
            }
        }
        release();
        super.channelInactive(ctx);
    }

    @Override public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        settled = true;   // a timeout or a shutdown: not the client's doing
        ctx.close(promise);
    }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) { release(); }

    private void judge(ChannelHandlerContext ctx, boolean eof) {
        ByteBuf in = received;
        ProxyProtocolParser.Result result = ProxyProtocolParser.parse(in, in.readerIndex(), in.writerIndex(), limit, eof);
        if (result instanceof ProxyProtocolParser.Done done) {
            settled = true;
            in.skipBytes(done.length());
            if (done.header() != null) {
                connection.get().proxyProtocol(done.header());
            }
            ByteBuf rest = in.isReadable() ? in.retainedSlice() : null;
            release();
            ctx.pipeline().remove(this);
            if (rest != null) {
                ctx.fireChannelRead(rest);   // the request's first bytes, to the HTTP decoder
            } else if (!eof) {
                ctx.channel().read();        // nothing of the request came with the header: nginx waits for it
            }
        } else if (result instanceof ProxyProtocolParser.Broken broken) {
            settled = true;
            if (!broken.silent()) {
                log(LogLevel.ERROR, broken.message() != null ? broken.message() : "broken header: \""
                        + in.toString(in.readerIndex(), Math.min(in.readableBytes(), limit), StandardCharsets.ISO_8859_1) + "\"");
            }
            release();
            ctx.close();
        }
        // else a valid beginning: wait for more
    }

    private void release() {
        if (received != null) {
            received.release();
            received = null;
        }
    }

    private void log(LogLevel level, String message) {
        ConnectionInfo info = connection.get();
        InetSocketAddress client = info == null ? null : info.remoteAddress();
        ErrorLog.log(level, info == null ? 0 : info.id(), message + " while reading PROXY protocol, client: "
                + (client == null ? "" : NetUtil.toAddressString(client.getAddress())) + ", server: " + server);
    }
}

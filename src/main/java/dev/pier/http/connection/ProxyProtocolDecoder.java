package dev.pier.http.connection;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.ConnectionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * First in the pipeline of a connection to a {@code listen ... proxy_protocol} address: reads the PROXY
 * protocol header (v1 or v2) before any HTTP, keeps its addresses in the {@link ConnectionInfo}, and leaves
 * the pipeline, handing the bytes after the header to the HTTP decoder. A header that is broken closes the
 * connection without a response and logs nginx's error line. The connection's client_header_timeout runs
 * meanwhile (the HTTP handler's first timer). Holds at most client_header_buffer_size bytes plus one read.
 */
public final class ProxyProtocolDecoder extends ByteToMessageDecoder {
    private final int limit;
    private final String server;
    private final Supplier<ConnectionInfo> connection;
    private boolean refused;

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

    @Override protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        read(ctx, in, false);
    }

    @Override protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            return;
        }
        if (!in.isReadable()) {
            log(ctx, LogLevel.INFO, "client closed connection");
            return;
        }
        // the peer closed: what came is all nginx would have read
        read(ctx, in, true);
    }

    private void read(ChannelHandlerContext ctx, ByteBuf in, boolean eof) {
        ProxyProtocolParser.Result result = ProxyProtocolParser.parse(in, in.readerIndex(), in.writerIndex(), limit, eof);
        if (result instanceof ProxyProtocolParser.Done done) {
            in.skipBytes(done.length());
            if (done.header() != null) {
                connection.get().proxyProtocol(done.header());
            }
            boolean requestBytes = in.isReadable();
            // the bytes after the header go on to the HTTP decoder as this handler leaves
            ctx.pipeline().remove(this);
            if (!requestBytes && !eof) {
                ctx.channel().read();   // nothing of the request came with the header: nginx waits for it
            }
        } else if (result instanceof ProxyProtocolParser.Broken broken) {
            refused = true;
            if (!broken.silent()) {
                String message = broken.message() != null ? broken.message() : "broken header: \""
                        + in.toString(in.readerIndex(), Math.min(in.readableBytes(), limit), StandardCharsets.ISO_8859_1) + "\"";
                log(ctx, LogLevel.ERROR, message);
            }
            in.skipBytes(in.readableBytes());
            ctx.close();
        }
        // else: a valid beginning; the decoder reads on when nothing came out of this read
    }

    private void log(ChannelHandlerContext ctx, LogLevel level, String message) {
        ConnectionInfo info = connection.get();
        InetSocketAddress client = info != null ? info.remoteAddress() : (InetSocketAddress) ctx.channel().remoteAddress();
        ErrorLog.log(level, info == null ? 0 : info.id(), message + " while reading PROXY protocol, client: "
                + (client == null ? "" : NetUtil.toAddressString(client.getAddress())) + ", server: " + server);
    }
}

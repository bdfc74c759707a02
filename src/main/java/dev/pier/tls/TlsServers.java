package dev.pier.tls;

import dev.pier.config.syntax.ConfigException;
import dev.pier.config.syntax.ConfigSource;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpCoreModule;
import dev.pier.http.Listen;
import dev.pier.http.VirtualServer;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import dev.pier.http.ConnectionInfo;
import dev.pier.http.ServerSelector;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import dev.pier.http.connection.SentBytes;

/**
 * The TLS of one loaded configuration (a part of its load result): which listen addresses are TLS (nginx ORs
 * {@code ssl} over the listens of an address), and each server's {@link ServerTls}. Built once at load, with
 * every certificate read then; a reload builds a new one, so new connections get the new contexts while
 * connections already open keep theirs.
 */
public final class TlsServers {
    private final Set<InetSocketAddress> tlsAddresses;
    private final Map<VirtualServer, ServerTls> byServer;

    private TlsServers(Set<InetSocketAddress> tlsAddresses, Map<VirtualServer, ServerTls> byServer) {
        this.tlsAddresses = Set.copyOf(tlsAddresses);
        this.byServer = byServer;
    }

    /** Null when no server listens with ssl. */
    static TlsServers build(HttpConfig http, java.util.function.Consumer<String> warn) {
        Set<InetSocketAddress> addresses = new HashSet<>();
        for (VirtualServer vs : http.servers()) {
            for (Listen l : vs.listens()) {
                if (l.ssl()) {
                    addresses.add(l.address());
                }
            }
        }
        if (addresses.isEmpty()) {
            return null;
        }
        Map<VirtualServer, ServerTls> byServer = new IdentityHashMap<>();
        Map<TlsSpec, ServerTls> shared = new HashMap<>();
        for (VirtualServer vs : http.servers()) {
            if (vs.listens().stream().noneMatch(l -> addresses.contains(l.address()))) {
                continue;
            }
            var s = vs.settings();
            boolean reject = s.get(TlsModule.REJECT_HANDSHAKE);
            if (s.get(TlsModule.CERTIFICATES).isEmpty() && !reject) {
                ConfigSource where = s.get(HttpCoreModule.SERVER_BLOCK);
                throw new ConfigException("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in "
                        + where.file() + ":" + where.line());
            }
            // listen ... ssl http2 (nginx 1.22) or http2 on (1.25.1): ALPN offers h2
            boolean http2 = s.get(dev.pier.http.v2.Http2Module.HTTP2) || vs.listens().stream().anyMatch(l -> l.ssl() && l.http2());
            TlsSpec spec = TlsSpec.of(s, http2);
            if (spec.stapling() && spec.staplingFile() == null && !spec.certificates().isEmpty() && !shared.containsKey(spec)) {
                warn.accept("\"ssl_stapling\" ignored, OCSP responders are not queried yet (use \"ssl_stapling_file\") for certificate \""
                        + spec.certificates().get(0) + "\"");
            }
            ServerTls tls = shared.get(spec);
            if (tls == null) {
                try {
                    tls = ServerTls.load(spec, reject);
                } catch (TlsConfigException e) {
                    throw new ConfigException(e.getMessage());
                }
                shared.put(spec, tls);
            } else if (tls.rejectHandshake() != reject) {
                tls = tls.withReject(reject);
            }
            byServer.put(vs, tls);
        }
        return new TlsServers(addresses, byServer);
    }

    /** Whether connections to this listen address speak TLS. */
    public boolean isTls(InetSocketAddress address) { return tlsAddresses.contains(address); }

    /** The TLS of a server on a TLS address; null for a server that listens in plain text only. */
    ServerTls of(VirtualServer server) { return byServer.get(server); }

    /**
     * Puts the TLS handlers at the end of a new connection's pipeline (after any PROXY protocol decoder, before
     * HTTP): the first-byte detector, the watch that records the handshake's end, the byte counter (moved above
     * TLS) and the handlers that turn file regions into chunks.
     *
     * @param servers the servers of the connection's address, among which SNI chooses
     * @param listen the listen address as error lines name it
     */
    public void install(ChannelPipeline pipeline, ServerSelector servers, Supplier<ConnectionInfo> connection, String listen) {
        HandshakeWatch watch = new HandshakeWatch(connection, listen);
        pipeline.addLast("tls", new TlsDetector(connection, () -> new ServerNameHandler(this, servers, watch)));
        pipeline.addLast(HandshakeWatch.NAME, watch);
        // $bytes_sent counts what the TLS layer took, not the records it wrote (nginx's c->sent under SSL)
        if (pipeline.get(SentBytes.class) != null) {
            pipeline.remove(SentBytes.class);
            pipeline.addLast("sent", new SentBytes());
        }
        // file regions cannot pass through TLS (no sendfile): they go out read in chunks, with backpressure
        pipeline.addLast("tls-chunks", new ChunkedWriteHandler());
        pipeline.addLast("tls-files", new FileRegionChunks());
    }
}

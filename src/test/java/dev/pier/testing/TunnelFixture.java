package dev.pier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.ContentHandler;
import dev.pier.http.HttpConfig;
import dev.pier.http.LocationPlan;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the upgrade and WebSocket tests share: a raw upstream on loopback that runs a script on each connection,
 * bytes and HTTP heads on raw sockets, an upstream channel opened as the proxy opens one, a content handler put
 * into a running Pier, the JDK's WebSocket client keeping what it receives, and waiting for an access-log line.
 */
public final class TunnelFixture {
    private TunnelFixture() { }

    /** What a raw upstream does with one accepted connection (closed after it). */
    @FunctionalInterface
    public interface Script {
        void run(Socket connection) throws Exception;
    }

    /** A loopback listener running its script on every connection, each on a thread of its own, until closed. */
    public static final class RawUpstream implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Thread> connections = new CopyOnWriteArrayList<>();

        private RawUpstream(ServerSocket listener) {
            this.listener = listener;
        }

        public static RawUpstream start(Script script) throws IOException {
            RawUpstream upstream = new RawUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofVirtual().start(() -> upstream.accept(script));
            return upstream;
        }

        private void accept(Script script) {
            while (!listener.isClosed()) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return;
                }
                connections.add(Thread.ofVirtual().start(() -> {
                    try (s) {
                        script.run(s);
                    } catch (Exception ignored) {
                        // a test fails on what its client sees, not on how the upstream's side ended
                    }
                }));
            }
        }

        public int port() { return listener.getLocalPort(); }

        /** Stops accepting, and gives the connections' scripts a few seconds to end. */
        @Override public void close() throws IOException, InterruptedException {
            listener.close();
            for (Thread t : connections) {
                t.join(5000);
            }
        }
    }

    public static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** {@code n} bytes (fewer at the end of the stream) as ISO-8859-1 text. */
    public static String read(Socket s, int n) throws IOException {
        return new String(s.getInputStream().readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** An HTTP head up to and with its blank line, read a byte at a time so nothing after it is consumed. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            int n = head.length();
            if (n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 2) == '\r'
                    && head.charAt(n - 1) == '\n') {
                break;
            }
        }
        return head.toString();
    }

    /** A connection to an upstream as the proxy opens one: on the client's event loop and transport, reading on demand. */
    public static Bootstrap upstreamBootstrap(PierTestServer pier, Channel client, Consumer<ChannelPipeline> pipeline) {
        return new Bootstrap().group(client.eventLoop())
                .channel(pier.server().usesEpoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        pipeline.accept(ch.pipeline());
                    }
                });
    }

    /** Makes {@code handler} the content handler of the location {@code uri} finds in the first server. */
    public static void setContent(PierTestServer pier, String uri, ContentHandler handler) {
        HttpConfig http = pier.server().config().part(HttpConfig.class);
        http.servers().get(0).locations().find(uri).location().plan(LocationPlan.builder().contentIfUnset(handler).build());
    }

    /** The JDK's WebSocket client, keeping every whole message it receives (String or byte[]) and how it closed. */
    public static final class WebSocketClient implements WebSocket.Listener {
        public final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        /** The close code, or -1 on an error. */
        public final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private WebSocket ws;

        public static WebSocketClient open(URI uri) throws Exception {
            WebSocketClient c = new WebSocketClient();
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).get(10, TimeUnit.SECONDS);
            return c;
        }

        public WebSocket ws() { return ws; }

        /** The next whole message, within 10 s. */
        public Object next() throws InterruptedException {
            Object o = received.poll(10, TimeUnit.SECONDS);
            assertThat(o).as("a message within 10 s").isNotNull();
            return o;
        }

        @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                received.add(binary.toByteArray());
                binary = new ByteArrayOutputStream();
            }
            w.request(1);
            return null;
        }

        @Override public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override public void onError(WebSocket w, Throwable error) {
            closed.complete(-1);
        }
    }
}

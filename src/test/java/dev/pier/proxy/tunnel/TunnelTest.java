package dev.pier.proxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tunnel over real loopback sockets: a plain client socket ↔ (accepted channel ═ tunnel ═ connected
 * channel) ↔ a plain upstream socket. Bulk both ways with bounded buffering, leftovers first, nginx's end of
 * a tunnel on either side's EOF, its timers, resets, and channels on two event loops. On epoll where Linux
 * has it, as Pier serves; {@link NioTunnelTest} runs the same on NIO.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TunnelTest {
    private static final long MB = 1024 * 1024;
    private static final Tunnel.Timeouts LONG = new Tunnel.Timeouts(30_000, 30_000, 30_000);
    static SocketPairs sockets;
    private static ExecutorService THREADS;

    @BeforeAll static void start() throws InterruptedException {
        sockets = new SocketPairs(SocketPairs.epollAvailable());
    }

    /** Not hidden by a subclass's {@code start}: every class that runs these tests gets its own threads. */
    @BeforeAll static void startThreads() {
        THREADS = Executors.newCachedThreadPool();
    }

    @AfterAll static void stop() {
        sockets.close();
        THREADS.shutdownNow();
    }

    @Test void relays100MegabytesEachWayAtOnceWithBufferingBounded() throws Exception {
        relayBothWays(true, 100 * MB);
    }

    @Test void relaysBothWaysWhenTheChannelsAreOnDifferentEventLoops() throws Exception {
        relayBothWays(false, 20 * MB);
    }

    private void relayBothWays(boolean sameLoop, long size) throws Exception {
        try (SocketPairs.Pair p = sockets.open(sameLoop)) {
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            Tunnel t = join(p, p.upstreamChannel(), null, null, LONG, closed::complete);
            AtomicLong maxPending = new AtomicLong();
            ScheduledFuture<?> sampler = p.clientChannel().eventLoop().scheduleAtFixedRate(() -> {
                maxPending.accumulateAndGet(pending(p.clientChannel()) + pending(p.upstreamChannel()), Math::max);
            }, 1, 1, TimeUnit.MILLISECONDS);
            Future<?> up = THREADS.submit(() -> write(p.client(), size, 251));
            Future<?> down = THREADS.submit(() -> write(p.upstream(), size, 241));
            Future<Long> atUpstream = THREADS.submit(() -> readPattern(p.upstream(), size, 251));
            Future<Long> atClient = THREADS.submit(() -> readPattern(p.client(), size, 241));
            assertThat(atUpstream.get(50, TimeUnit.SECONDS)).isEqualTo(size);
            assertThat(atClient.get(50, TimeUnit.SECONDS)).isEqualTo(size);
            up.get();
            down.get();
            sampler.cancel(false);
            // what waits in the channels stays near the write water marks plus one read, whatever the volume
            assertThat(maxPending.get()).isLessThan(4 * MB);
            p.client().close();
            Tunnel ended = closed.get(5, TimeUnit.SECONDS);
            assertThat(ended.bytesFromClient()).isEqualTo(size);
            assertThat(ended.bytesFromUpstream()).isEqualTo(size);
            assertThat(ended.end()).isIn(Tunnel.End.CLIENT_CLOSED, Tunnel.End.CLIENT_FAILED);
            assertThat(t.upstreamChannel().isOpen()).isFalse();
        }
    }

    @Test void aReaderThatStopsStopsTheReadsOfTheOtherSide() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            join(p, p.upstreamChannel(), null, null, LONG, null);
            p.client().setSendBufferSize(64 * 1024);
            AtomicLong maxPending = new AtomicLong();
            ScheduledFuture<?> sampler = p.clientChannel().eventLoop().scheduleAtFixedRate(
                    () -> maxPending.accumulateAndGet(pending(p.upstreamChannel()), Math::max), 1, 1, TimeUnit.MILLISECONDS);
            // the upstream does not read: the client's writer must block instead of Pier buffering its 50 MB
            Future<?> writer = THREADS.submit(() -> write(p.client(), 50 * MB, 251));
            Thread.sleep(1000);
            assertThat(writer.isDone()).isFalse();
            assertThat(maxPending.get()).isLessThan(4 * MB);
            assertThat(readPattern(p.upstream(), 50 * MB, 251)).isEqualTo(50 * MB);
            writer.get(10, TimeUnit.SECONDS);
            sampler.cancel(false);
        }
    }

    @Test void leftoversAreWrittenBeforeAnythingRead() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            send(p.client(), "from-client");
            send(p.upstream(), "from-upstream");
            Thread.sleep(100);
            join(p, p.upstreamChannel(), ascii("first-frame-of-client;"), ascii("first-frame-of-upstream;"), LONG, null);
            assertThat(read(p.upstream(), "first-frame-of-client;from-client".length())).isEqualTo("first-frame-of-client;from-client");
            assertThat(read(p.client(), "first-frame-of-upstream;from-upstream".length())).isEqualTo("first-frame-of-upstream;from-upstream");
        }
    }

    @Test void theClientsEndOfInputEndsTheTunnelAfterWhatItSentAsNginxDoes() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            join(p, p.upstreamChannel(), null, null, LONG, closed::complete);
            send(p.client(), "bye");
            p.client().shutdownOutput();
            assertThat(read(p.upstream(), 3)).isEqualTo("bye");
            assertThat(p.upstream().getInputStream().read()).isEqualTo(-1);
            Tunnel t = closed.get(5, TimeUnit.SECONDS);
            assertThat(t.end()).isEqualTo(Tunnel.End.CLIENT_CLOSED);
            assertThat(t.errorLogText()).isNull();
            assertThat(t.bytesFromClient()).isEqualTo(3);
            // nginx finalizes the request: the upstream's answer after the client's EOF does not reach it
            assertThat(p.client().getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test void theUpstreamsEndOfInputEndsTheTunnelAfterWhatItSent() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            join(p, p.upstreamChannel(), null, null, LONG, closed::complete);
            send(p.upstream(), "last words");
            p.upstream().shutdownOutput();
            assertThat(read(p.client(), 10)).isEqualTo("last words");
            assertThat(p.client().getInputStream().read()).isEqualTo(-1);
            assertThat(closed.get(5, TimeUnit.SECONDS).end()).isEqualTo(Tunnel.End.UPSTREAM_CLOSED);
            assertThat(p.upstream().getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test void anIdleTunnelEndsAfterTheReadTimeoutOnBothSides() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            long start = System.nanoTime();
            join(p, p.upstreamChannel(), null, null, new Tunnel.Timeouts(300, 30_000, 30_000), closed::complete);
            Tunnel t = closed.get(5, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).isBetween(250L, 2000L);
            assertThat(t.end()).isEqualTo(Tunnel.End.UPSTREAM_TIMED_OUT);
            assertThat(t.errorLogText()).isEqualTo("upstream timed out (110: Connection timed out) while proxying upgraded connection");
            assertThat(p.client().getInputStream().read()).isEqualTo(-1);
            assertThat(p.upstream().getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test void trafficFromTheClientAloneKeepsTheTunnelOpenAsInNginx() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            join(p, p.upstreamChannel(), null, null, new Tunnel.Timeouts(400, 30_000, 30_000), closed::complete);
            for (int i = 0; i < 10; i++) {
                send(p.client(), "p");
                Thread.sleep(150);
            }
            assertThat(closed).isNotDone();
            assertThat(read(p.upstream(), 10)).isEqualTo("pppppppppp");
            // then silence: the read timer runs out
            assertThat(closed.get(5, TimeUnit.SECONDS).end()).isEqualTo(Tunnel.End.UPSTREAM_TIMED_OUT);
        }
    }

    @Test void aClientThatTakesNothingForSendTimeoutEndsTheTunnel() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            p.clientChannel().config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8 * 1024, 32 * 1024));
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            join(p, p.upstreamChannel(), null, null, new Tunnel.Timeouts(60_000, 60_000, 500), closed::complete);
            // the upstream sends far more than the socket buffers hold; the client reads nothing
            Future<?> flood = THREADS.submit(() -> write(p.upstream(), 200 * MB, 241));
            Tunnel t = closed.get(20, TimeUnit.SECONDS);
            assertThat(t.end()).isEqualTo(Tunnel.End.CLIENT_TIMED_OUT);
            assertThat(t.errorLogText()).isEqualTo("client timed out (110: Connection timed out) while proxying upgraded connection");
            assertThat(t.bytesFromUpstream()).isLessThan(200 * MB);
            flood.cancel(true);
        }
    }

    @Test void aResetOnOneSideClosesTheOther() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            join(p, p.upstreamChannel(), null, null, LONG, closed::complete);
            send(p.upstream(), "x");
            assertThat(read(p.client(), 1)).isEqualTo("x");
            p.client().setSoLinger(true, 0);
            p.client().close();   // RST
            Tunnel t = closed.get(5, TimeUnit.SECONDS);
            assertThat(t.end()).isIn(Tunnel.End.CLIENT_FAILED, Tunnel.End.CLIENT_CLOSED);
            if (t.end() == Tunnel.End.CLIENT_FAILED) {
                assertThat(t.errorLogText()).contains("(104: Connection reset by peer) while proxying upgraded connection");
            }
            p.upstream().setSoTimeout(5000);
            assertThat(p.upstream().getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test void aTunnelJoinedToAClosedChannelClosesTheOtherAndReleasesTheLeftovers() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            p.upstreamChannel().close().sync();
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            join(p, p.upstreamChannel(), ascii("a"), ascii("b"), LONG, closed::complete);
            assertThat(closed.get(5, TimeUnit.SECONDS).end()).isEqualTo(Tunnel.End.UPSTREAM_CLOSED);
            assertThat(p.client().getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test void closeEndsTheTunnel() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            CompletableFuture<Tunnel> closed = new CompletableFuture<>();
            Tunnel t = join(p, p.upstreamChannel(), null, null, LONG, closed::complete);
            t.close();
            assertThat(closed.get(5, TimeUnit.SECONDS).end()).isEqualTo(Tunnel.End.CLOSED_BY_SERVER);
            assertThat(p.upstream().getInputStream().read()).isEqualTo(-1);
        }
    }

    // ---- helpers ----

    /** Joins on the client's event loop, as a proxy does right where it takes its HTTP handlers out. */
    private static Tunnel join(SocketPairs.Pair p, Channel upstream, io.netty.buffer.ByteBuf fromClient,
            io.netty.buffer.ByteBuf fromUpstream, Tunnel.Timeouts timeouts, java.util.function.Consumer<Tunnel> onClose) throws Exception {
        return p.clientChannel().eventLoop().submit(() -> Tunnel.join(p.clientChannel(), upstream, fromClient, fromUpstream, timeouts, onClose))
                .get(5, TimeUnit.SECONDS);
    }

    @Test void joiningOffTheClientsLoopIsRefusedAndReleasesTheLeftovers() throws Exception {
        try (SocketPairs.Pair p = sockets.open(true)) {
            io.netty.buffer.ByteBuf left = ascii("x");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tunnel.join(p.clientChannel(), p.upstreamChannel(), left, null, LONG, null))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(left.refCnt()).isZero();
        }
    }

    private static long pending(Channel ch) {
        var out = ch.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private static io.netty.buffer.ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static String read(Socket s, int n) throws IOException {
        s.setSoTimeout(5000);
        byte[] b = s.getInputStream().readNBytes(n);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Writes {@code size} bytes whose value at offset i is i % modulus. */
    private static Void write(Socket s, long size, int modulus) throws IOException {
        OutputStream out = s.getOutputStream();
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        while (written < size) {
            int n = (int) Math.min(chunk.length, size - written);
            for (int i = 0; i < n; i++) {
                chunk[i] = (byte) ((written + i) % modulus);
            }
            out.write(chunk, 0, n);
            written += n;
        }
        out.flush();
        return null;
    }

    /** Reads {@code size} bytes and checks each is its offset % modulus; returns the count read. */
    private static long readPattern(Socket s, long size, int modulus) throws IOException {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        byte[] chunk = new byte[64 * 1024];
        long read = 0;
        try {
            while (read < size) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, size - read));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != (byte) ((read + i) % modulus)) {
                        throw new AssertionError("byte " + (read + i) + " differs");
                    }
                }
                read += n;
            }
        } catch (SocketTimeoutException e) {
            return read;
        }
        return read;
    }
}

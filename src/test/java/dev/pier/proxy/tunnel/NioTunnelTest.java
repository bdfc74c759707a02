package dev.pier.proxy.tunnel;

import org.junit.jupiter.api.BeforeAll;

/** {@link TunnelTest} on the NIO transport (Pier's fallback where epoll is missing). */
class NioTunnelTest extends TunnelTest {
    /** Hides {@link TunnelTest#start()}, so the inherited tests run on NIO channels. */
    @BeforeAll static void start() throws InterruptedException {
        sockets = new SocketPairs(false);
    }
}

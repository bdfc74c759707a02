package dev.pier.server;

import io.netty.channel.EventLoopGroup;

/**
 * A part of a loaded configuration that does work of its own while the configuration is live (active health
 * checks): {@link PierServer} starts it before the configuration takes requests and stops it when a reload
 * replaces the configuration or the server stops. Called from the control thread, one call at a time.
 */
public interface LiveService {
    /**
     * Starts the service on the server's event loops. {@code replaced} is the same kind of part of the
     * configuration this one replaces (a reload), or null at start; it is stopped only after this call returns,
     * so state can be carried over.
     */
    void start(EventLoopGroup loops, LiveService replaced);

    /** Stops the service: nothing it scheduled runs after this returns. */
    void stop();
}

package dev.pier.http.connection;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Marks a connection nginx would call reusable (ngx_reusable_connection): waiting for its first request or
 * idle between keep-alive requests. When worker_connections run out, such connections are closed first.
 */
public final class Reusable {
    private static final AttributeKey<Boolean> KEY = AttributeKey.valueOf("pier.reusable");

    private Reusable() { }

    public static void set(Channel ch, boolean reusable) { ch.attr(KEY).set(reusable); }

    public static boolean is(Channel ch) { return Boolean.TRUE.equals(ch.attr(KEY).get()); }
}

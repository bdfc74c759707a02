package dev.pier.http.connection;

/**
 * A user event fired into a connection's pipeline when the server stops serving it (graceful quit, or its
 * {@code listen} removed by a reload): a connection idle between keep-alive requests closes at once; any
 * other answers its current or first request with keep-alive off and then closes, as nginx 1.22's
 * ngx_close_idle_connections and {@code ngx_exiting} do.
 */
public enum GracefulClose {
    EVENT
}

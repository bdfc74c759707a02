package dev.pier.http.connection;

/**
 * A user event fired into a connection's pipeline when the server stops serving it (graceful quit, or its
 * {@code listen} removed by a reload): an idle connection closes at once, a busy one answers its request
 * with keep-alive off and then closes, as nginx's ngx_close_idle_connections and {@code ngx_exiting} do.
 */
public enum GracefulClose {
    EVENT
}

package dev.pier.http;

import io.netty.util.NetUtil;
import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;

/** Error-log lines about a request, with nginx's trailing context: client, server, request, host. */
public final class RequestLog {
    private RequestLog() { }

    public static void error(HttpExchange ex, String message) { log(LogLevel.ERROR, ex, message); }

    public static void log(LogLevel level, HttpExchange ex, String message) {
        ErrorLog log = ErrorLog.get();
        if (!log.enabled(level)) {
            return;
        }
        StringBuilder sb = new StringBuilder(message);
        sb.append(", client: ").append(NetUtil.toAddressString(ex.connection().remoteAddress().getAddress()));
        sb.append(", server: ").append(ex.server() == null ? "" : ex.server().primaryName());
        sb.append(", request: \"").append(ex.requestLine()).append('"');
        String host = ex.request().headers().get("Host");
        if (host != null) {
            sb.append(", host: \"").append(host).append('"');
        }
        log.write(level, ex.connection().id(), sb.toString());
    }
}

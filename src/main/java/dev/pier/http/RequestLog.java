package dev.pier.http;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;

/** Error-log lines about a request, with nginx's trailing context: client, server, request, host. */
public final class RequestLog {
    private RequestLog() { }

    public static void error(HttpExchange ex, String message) { log(LogLevel.ERROR, ex, message); }

    public static void log(LogLevel level, HttpExchange ex, String message) { log(level, ex, message, null); }

    /** A message about a proxied request: nginx puts {@code upstream: "http://addr/uri"} between request and host. */
    public static void log(LogLevel level, HttpExchange ex, String message, String upstream) {
        // nginx writes a request's messages to the error_log of the level handling it
        ErrorLog log = ex.server() == null ? null : ex.settings().get(dev.pier.core.MainModule.REQUEST_ERROR_LOG);
        if (log == null) {
            log = ErrorLog.get();
        }
        if (!log.enabled(level)) {
            return;
        }
        StringBuilder sb = new StringBuilder(message);
        sb.append(", client: ").append(ex.remoteAddressText());
        sb.append(", server: ").append(ex.server() == null ? "" : ex.server().primaryName());
        sb.append(", request: \"").append(ex.requestLine()).append('"');
        if (ex.subrequestUri() != null) {
            sb.append(", subrequest: \"").append(ex.subrequestUri()).append('"');
        }
        if (upstream != null) {
            sb.append(", upstream: \"").append(upstream).append('"');
        }
        String host = ex.request().headers().get("Host");
        if (host != null) {
            sb.append(", host: \"").append(host).append('"');
        }
        String referrer = ex.request().headers().get("Referer");
        if (referrer != null) {
            sb.append(", referrer: \"").append(referrer).append('"');
        }
        log.write(level, ex.connection().id(), sb.toString());
    }
}

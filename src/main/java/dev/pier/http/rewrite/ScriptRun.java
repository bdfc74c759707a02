package dev.pier.http.rewrite;

import dev.pier.core.LogLevel;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;

/**
 * One run of a rewrite script on a request (nginx's ngx_http_script_engine_t): the request, whether
 * rewrite_log is on, whether captures are being written for a redirect, and what the run decided.
 */
final class ScriptRun {
    private final HttpExchange exchange;
    private final boolean log;
    private int escapedPath = -1;
    /** nginx's e->quote: true until a matched rewrite ends, so a capture in set/if values may be escaped. */
    boolean quote = true;
    /** nginx's r->uri_changed: a rewrite without break changed the URI. */
    boolean uriChanged;
    /** A response was sent (return, redirect, error): the request is done. */
    boolean finished;

    ScriptRun(HttpExchange exchange, boolean log) {
        this.exchange = exchange;
        this.log = log;
    }

    HttpExchange exchange() { return exchange; }

    /** Whether captures written in a redirect or in arguments are escaped: the client's path had '%' or '+'. */
    boolean escapeCaptures() {
        if (escapedPath < 0) {
            escapedPath = UriEscapes.requestPathEscaped(exchange.requestUri()) ? 1 : 0;
        }
        return escapedPath == 1;
    }

    /** A rewrite_log line (notice level), written only when rewrite_log is on where the script runs. */
    void log(String message) {
        if (log) {
            RequestLog.log(LogLevel.NOTICE, exchange, message);
        }
    }

    /** Ends the request with a response already sent. */
    void finish() { finished = true; }
}

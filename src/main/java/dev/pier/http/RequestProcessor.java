package dev.pier.http;

import dev.pier.http.codec.UriNormalizer;
import dev.pier.http.location.Location;
import dev.pier.http.location.LocationMatch;
import dev.pier.tls.TlsRequestChecks;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * The request path after the head is parsed: choose the server by Host, normalize the URI, run the server's
 * rewrite script, find the location, check the body size, run the location's rewrite script (searching the
 * locations again when it changed the URI), then the pre-content steps and the content handler. Internal
 * redirects come back in at the server rewrite phase, named ones at the named location's rewrite phase.
 */
final class RequestProcessor {
    static final RequestProcessor INSTANCE = new RequestProcessor();

    void process(HttpExchange ex, HttpConfig config) {
        RequestTarget target = RequestTarget.parse(ex.request().uri());
        ServerSelector selector = ex.connection().selector(config);
        if (selector == null) {
            ex.channelContext().close();
            return;
        }
        List<String> hostHeaders = ex.request().headers().getAll(HttpHeaderNames.HOST);
        if (hostHeaders.size() > 1) {
            // ngx_http_process_host: a second Host line is refused while the headers are read
            reject(ex, selector, 400, "client sent duplicate host header");
            return;
        }
        // an absolute-form target names the host; the Host header then only has to be valid (RFC 9112 §3.2.2)
        String headerHost = hostHeaders.isEmpty() ? null : hostHeaders.get(0);
        if (headerHost != null && RequestTarget.validateHost(headerHost) == null) {
            reject(ex, selector, 400, "client sent invalid host header");
            return;
        }
        String lineHost = target != null ? target.host() : null;
        String host = RequestTarget.validateHost(lineHost != null ? lineHost : headerHost);
        if (lineHost != null && host == null) {
            reject(ex, selector, 400, "client sent invalid host in request line");
            return;
        }
        ex.host(host);
        ServerNameMatch match = selector.select(host);
        ex.server(match.server());
        if (match.captures() != null) {
            ex.captures(match.captures());
        }
        TlsRequestChecks.Refusal misdirected = TlsRequestChecks.misdirected(ex);
        if (misdirected != null) {
            reject(ex, null, misdirected.status(), misdirected.message());
            return;
        }
        // ngx_http_process_request_header: checks made once all headers are in, before keep-alive is decided
        HttpVersion version = ex.request().protocolVersion();
        if (headerHost == null && (version.majorVersion() > 1 || version.majorVersion() == 1 && version.minorVersion() >= 1)) {
            reject(ex, null, 400, "client sent HTTP/1.1 request without \"Host\" header");
            return;
        }
        if (ex.request().method() == HttpMethod.TRACE) {
            reject(ex, null, 405, "client sent TRACE method");
            return;
        }
        // ngx_http_process_request: plain HTTP on a TLS address, a client certificate missing or refused
        TlsRequestChecks.Refusal tls = TlsRequestChecks.refusal(ex);
        if (tls != null) {
            reject(ex, null, tls.status(), tls.message());
            return;
        }
        if (target == null) {
            RequestLog.log(dev.pier.core.LogLevel.INFO, ex, "client sent invalid request");
            ex.sendError(400);
            return;
        }
        // nginx parses the URI before Host picks the server: merge_slashes is the default server's
        String uri = UriNormalizer.normalize(target.requestUri(), selector.defaultServer().settings().get(HttpCoreModule.MERGE_SLASHES));
        if (uri == null) {
            RequestLog.log(dev.pier.core.LogLevel.INFO, ex, "client sent invalid request");
            ex.sendError(400);
            return;
        }
        ex.uri(uri, target.query());
        rewriteAndFindLocation(ex);
    }

    /** An error found while reading the head: nginx answers it and closes, keep-alive not being decided yet. */
    private static void reject(HttpExchange ex, ServerSelector defaultOf, int status, String message) {
        if (defaultOf != null) {
            ex.server(defaultOf.defaultServer());
        }
        RequestLog.log(dev.pier.core.LogLevel.INFO, ex, message + " while reading client request headers");
        ex.disableKeepAlive();
        ex.sendError(status);
    }

    /**
     * The request from the server rewrite phase on, as nginx's ngx_http_handler: a new request, and every
     * internal redirect (try_files, index), which runs the server's rewrite script again.
     */
    void rewriteAndFindLocation(HttpExchange ex) {
        VirtualServer server = ex.server();
        // the server rewrite phase runs in the server's own location configuration (nginx's cscf->ctx->loc_conf)
        ex.location(server.fallbackLocation());
        ex.validLocation(true);
        for (RewriteStep step : server.serverPlan().rewrite()) {
            if (step.run(ex) == RewriteStep.Outcome.FINISHED) {
                return;
            }
        }
        findLocationAndRun(ex);
    }

    /** nginx's find-config phase: the location for $uri, then what that location does. */
    void findLocationAndRun(HttpExchange ex) {
        VirtualServer server = ex.server();
        LocationMatch m = server.locations().find(ex.uri());
        if (m == null) {
            runLocation(ex, server.fallbackLocation(), null);
            return;
        }
        if (m.location().internal() && !ex.isInternal()) {
            ex.sendError(404);
            return;
        }
        runLocation(ex, m.location(), m.captures());
    }

    /**
     * A location's rewrite phase, then nginx's post-rewrite phase (a changed URI searches the locations again,
     * within the budget of URI changes), then its pre-content steps and content handler.
     */
    void runLocation(HttpExchange ex, Location location, MatchResult captures) {
        // a method limit_except does not list runs with the block's configuration from here on, as nginx switches
        // r->loc_conf when it finds the location
        ex.location(location.forMethod(ex.method().name()));
        if (captures != null) {
            ex.captures(Captures.over(ex.captures(), captures));
        }
        if (!ex.redirected() && bodyTooLarge(ex, location)) {
            RequestLog.error(ex, "client intended to send too large body: " + ex.request().headers().get(HttpHeaderNames.CONTENT_LENGTH) + " bytes");
            ex.sendError(413);
            return;
        }
        // the server's null location has no location rewrite phase: its script already ran at server level
        if (location != ex.server().fallbackLocation()) {
            boolean uriChanged = false;
            for (RewriteStep step : ex.location().plan().rewrite()) {
                RewriteStep.Outcome outcome = step.run(ex);
                if (outcome == RewriteStep.Outcome.FINISHED) {
                    return;
                }
                uriChanged |= outcome == RewriteStep.Outcome.LOCATION_SEARCH;
            }
            if (uriChanged) {
                if (!ex.countUriChange()) {
                    RequestLog.error(ex, "rewrite or internal redirection cycle while processing \"" + ex.uri() + "\"");
                    ex.sendError(500);
                    return;
                }
                findLocationAndRun(ex);
                return;
            }
        }
        // a true if block may have switched the configuration: its steps and handler serve the request
        runFrom(ex, ex.location().plan(), 0);
    }

    /**
     * Goes on with the request after {@code step}, which had stopped it to wait (a mirror reading the body):
     * the remaining pre-content steps, then the content handler.
     */
    void resumeAfter(HttpExchange ex, PrecontentStep step) {
        LocationPlan plan = ex.location().plan();
        PrecontentStep[] steps = plan.precontent();
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == step) {
                runFrom(ex, plan, i + 1);
                return;
            }
        }
        throw new IllegalStateException("step not in the location's plan");
    }

    private static void runFrom(HttpExchange ex, LocationPlan plan, int first) {
        PrecontentStep[] steps = plan.precontent();
        for (int i = first; i < steps.length; i++) {
            if (steps[i].run(ex)) {
                return;
            }
        }
        ContentHandler content = plan.content();
        if (content == null) {
            ex.sendError(404);
            return;
        }
        content.handle(ex);
    }

    private static boolean bodyTooLarge(HttpExchange ex, Location location) {
        long max = location.settings().get(ConnectionLimitsModule.CLIENT_MAX_BODY_SIZE);
        if (max == 0) {
            return false;
        }
        List<String> values = ex.request().headers().getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (values.isEmpty()) {
            return false;
        }
        try {
            return Long.parseLong(values.get(0).strip()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

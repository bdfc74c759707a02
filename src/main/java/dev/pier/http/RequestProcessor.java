package dev.pier.http;

import dev.pier.http.codec.UriNormalizer;
import dev.pier.http.location.Location;
import dev.pier.http.location.LocationMatch;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * The request path after the head is parsed: choose the server by Host, normalize the URI, run the server's
 * rewrite steps, find the location, check the body size, run the location's rewrite steps, then its content
 * handler. Internal redirects come back in at location matching.
 */
final class RequestProcessor {

    void process(HttpExchange ex, HttpConfig config) {
        RequestTarget target = RequestTarget.parse(ex.request().uri());
        ServerSelector selector = ex.connection().selector(config);
        if (selector == null) {
            ex.channelContext().close();
            return;
        }
        String rawHost = target != null && target.host() != null ? target.host() : ex.request().headers().get(HttpHeaderNames.HOST);
        String host = RequestTarget.validateHost(rawHost);
        if (rawHost != null && host == null) {
            ex.server(selector.defaultServer());
            RequestLog.log(dev.pier.core.LogLevel.INFO, ex, "client sent invalid host header while reading client request headers");
            ex.sendError(400);
            return;
        }
        ex.host(host);
        ServerNameMatch match = selector.select(host);
        ex.server(match.server());
        if (match.captures() != null) {
            ex.captures(match.captures());
        }
        if (target == null) {
            RequestLog.log(dev.pier.core.LogLevel.INFO, ex, "client sent invalid request");
            ex.sendError(400);
            return;
        }
        String uri = UriNormalizer.normalize(target.requestUri(), match.server().settings().get(HttpCoreModule.MERGE_SLASHES));
        if (uri == null) {
            RequestLog.log(dev.pier.core.LogLevel.INFO, ex, "client sent invalid request");
            ex.sendError(400);
            return;
        }
        ex.uri(uri, target.query());
        for (RewriteStep step : match.server().serverPlan().rewrite()) {
            if (step.run(ex)) {
                return;
            }
        }
        findLocationAndRun(ex);
    }

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

    void runLocation(HttpExchange ex, Location location, MatchResult captures) {
        ex.location(location);
        if (captures != null) {
            ex.captures(captures);
        }
        if (!ex.isInternal() && bodyTooLarge(ex, location)) {
            RequestLog.error(ex, "client intended to send too large body: " + ex.request().headers().get(HttpHeaderNames.CONTENT_LENGTH) + " bytes");
            ex.sendError(413);
            return;
        }
        LocationPlan plan = location.plan();
        for (RewriteStep step : plan.rewrite()) {
            if (step.run(ex)) {
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

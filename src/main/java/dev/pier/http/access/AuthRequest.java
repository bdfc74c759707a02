package dev.pier.http.access;

import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.http.Subrequest;
import dev.pier.variables.Template;
import dev.pier.variables.UserVariable;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * nginx's auth_request handler: a subrequest to {@code uri} (the request's headers, no body), waited for;
 * a 2xx lets the request in, 401 and 403 refuse it with that status (a 401 with the upstream's
 * WWW-Authenticate), anything else is logged and answered 500. The {@code auth_request_set} values are
 * computed in the subrequest once it ended and stored in the request's variables.
 */
final class AuthRequest {
    /** One {@code auth_request_set $variable value}. */
    record Assignment(UserVariable target, Template value) { }

    private final String uri;
    private final List<Assignment> assignments;

    AuthRequest(String uri, List<Assignment> assignments) {
        this.uri = uri;
        this.assignments = assignments;
    }

    void check(HttpExchange ex, IntConsumer done) {
        Subrequest.waited(ex, uri, sr -> done.accept(decide(ex, sr))).run();
    }

    private int decide(HttpExchange ex, HttpExchange sr) {
        for (Assignment a : assignments) {
            a.target().set(ex, a.value().render(sr));
        }
        int status = sr.status();
        if (status == 403) {
            return 403;
        }
        if (status == 401) {
            // nginx copies the WWW-Authenticate an upstream of the subrequest sent
            Variable upstream = Variables.find("upstream_http_www_authenticate");
            String challenge = upstream == null ? null : upstream.value(sr);
            if (challenge != null && !challenge.isEmpty()) {
                ex.challenge(challenge);
            }
            return 401;
        }
        if (status >= 200 && status < 300) {
            return AuthBasic.OK;
        }
        RequestLog.error(ex, "auth request unexpected status: " + status);
        return 500;
    }
}

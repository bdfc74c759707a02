package dev.pier.http.rewrite;

import dev.pier.http.HttpExchange;
import dev.pier.variables.UserVariable;

/** {@code set $variable value}: stores the value for this request; {@code set $args} replaces the query string. */
final class SetCode implements ScriptCode {
    private final UserVariable target;   // null for $args
    private final ScriptValue value;

    SetCode(UserVariable target, ScriptValue value) {
        this.target = target;
        this.value = value;
    }

    @Override public int run(ScriptRun run, int ip) {
        String v = value.render(run, run.quote);
        HttpExchange ex = run.exchange();
        if (target == null) {
            // $args has a setter in nginx (ngx_http_variable_request_set): the query string itself changes
            ex.uri(ex.uri(), v);
        } else {
            target.set(ex, v);
        }
        return ip + 1;
    }
}

package dev.pier.http.rewrite;

import dev.pier.http.HttpExchange;
import dev.pier.http.RewriteStep;

/**
 * The rewrite directives of one level (server or location), {@code if} blocks inlined with jumps over them,
 * in the order they were written: nginx's rewrite module codes. Runs in the server rewrite phase for a
 * server, in the rewrite phase for a location.
 */
final class RewriteScript implements RewriteStep {
    private final ScriptCode[] codes;
    private final boolean log;

    RewriteScript(ScriptCode[] codes, boolean log) {
        this.codes = codes;
        this.log = log;
    }

    @Override public Outcome run(HttpExchange exchange) {
        ScriptRun run = new ScriptRun(exchange, log);
        int ip = 0;
        while (ip >= 0 && ip < codes.length) {
            ip = codes[ip].run(run, ip);
        }
        if (run.finished) {
            return Outcome.FINISHED;
        }
        return run.uriChanged ? Outcome.LOCATION_SEARCH : Outcome.NEXT;
    }
}

package dev.pier.upstream;

import dev.pier.config.ConfigValues;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import java.util.List;

/**
 * {@code server address [weight=N] [max_fails=N] [fail_timeout=T] [max_conns=N] [backup] [down] [slow_start=T]
 * [resolve]} in an upstream block, read in ngx_http_upstream_server's order: the parameters first (so a bad one is
 * reported before a host that does not resolve), then the address.
 */
final class ServerLine {
    private ServerLine() { }

    static void apply(ConfigDirective d, LoadContext ctx) {
        UpstreamBlock block = UpstreamModule.block(ctx);
        int weight = 1;
        int maxFails = 1;
        long failTimeout = 10;
        int maxConns = 0;
        boolean backup = false;
        boolean down = false;
        long slowStart = 0;
        for (int i = 1; i < d.argCount(); i++) {
            String p = d.arg(i);
            if (p.startsWith("weight=")) {
                weight = (int) positive(p.substring(7), d, ctx, p, false);
            } else if (p.startsWith("max_conns=")) {
                maxConns = (int) positive(p.substring(10), d, ctx, p, true);
            } else if (p.startsWith("max_fails=")) {
                maxFails = (int) positive(p.substring(10), d, ctx, p, true);
            } else if (p.startsWith("fail_timeout=")) {
                // ngx_parse_time in seconds: "500ms" is refused
                String t = p.substring(13);
                long ms = t.contains("ms") ? -1 : ConfigValues.millis(t);
                if (ms < 0) {
                    throw invalid(p, d, ctx);
                }
                failTimeout = ms / 1000;
            } else if (p.equals("backup")) {
                if (!block.method.allowsBackup) {
                    throw ctx.error("balancing method does not support parameter \"" + p + "\"", d);
                }
                backup = true;
            } else if (p.equals("down")) {
                down = true;
            } else if (p.startsWith("slow_start=")) {
                // nginx Plus's parameter: the health checks' guard ramps the weight over this time
                slowStart = ConfigValues.millis(p.substring(11));
                if (slowStart < 0) {
                    throw invalid(p, d, ctx);
                }
            } else if (p.equals("resolve")) {
                ctx.warn("the \"resolve\" parameter of \"server\" is ignored: \"" + d.arg(0)
                        + "\" is resolved once, when the configuration is loaded", d);
            } else {
                throw invalid(p, d, ctx);
            }
        }
        List<UpstreamAddress.Resolved> addresses;
        try {
            addresses = UpstreamAddress.resolve(d.arg(0), 80);
        } catch (UpstreamAddress.Invalid e) {
            throw ctx.error(e.getMessage() + " in upstream \"" + d.arg(0) + "\"", d);
        }
        block.servers.add(new ServerSpec(d.arg(0), addresses, weight, maxFails, failTimeout, maxConns, backup, down, slowStart));
    }

    /** ngx_atoi: digits only; weight must not be 0. */
    private static long positive(String digits, ConfigDirective d, LoadContext ctx, String param, boolean zeroAllowed) {
        long n = ConfigValues.number(digits);
        if (n < 0 || n > Integer.MAX_VALUE || (n == 0 && !zeroAllowed)) {
            throw invalid(param, d, ctx);
        }
        return n;
    }

    private static RuntimeException invalid(String param, ConfigDirective d, LoadContext ctx) {
        return ctx.error("invalid parameter \"" + param + "\"", d);
    }
}

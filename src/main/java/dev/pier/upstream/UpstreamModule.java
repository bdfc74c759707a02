package dev.pier.upstream;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.UPSTREAM;

import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpModule;
import dev.pier.variables.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code upstream name { ... }} and what stands inside it: {@code server}, the balancing methods
 * ({@code least_conn}, {@code ip_hash}, {@code hash}, {@code random}, Pier's {@code least_time}), the
 * {@code keepalive} family, {@code zone} and Pier's {@code circuit_breaker}. Each block becomes an
 * {@link UpstreamGroup} in {@link Upstreams#GROUPS} at http level as soon as its closing brace is read, so every
 * location finds every group once the http block is built, wherever the block stands in the file.
 */
public final class UpstreamModule implements HttpModule {
    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("upstream").in(HTTP).args(1).block().handle(UpstreamModule::upstream));
        r.add(DirectiveSpec.named("server").in(UPSTREAM).args(1, DirectiveSpec.MANY).handle(ServerLine::apply));
        r.add(DirectiveSpec.named("least_conn").in(UPSTREAM).args(0).handle((d, ctx) -> method(d, ctx, UpstreamBlock.Method.LEAST_CONN)));
        r.add(DirectiveSpec.named("ip_hash").in(UPSTREAM).args(0).handle((d, ctx) -> method(d, ctx, UpstreamBlock.Method.IP_HASH)));
        r.add(DirectiveSpec.named("hash").in(UPSTREAM).args(1, 2).handle(UpstreamModule::hash));
        r.add(DirectiveSpec.named("random").in(UPSTREAM).args(0, 2).handle(UpstreamModule::random));
        r.add(DirectiveSpec.named("least_time").in(UPSTREAM).args(1, 2).handle(UpstreamModule::leastTime));
        r.add(DirectiveSpec.named("keepalive").in(UPSTREAM).args(1).handle(UpstreamModule::keepalive));
        r.add(DirectiveSpec.named("keepalive_timeout").in(UPSTREAM).args(1).handle((d, ctx) -> {
            UpstreamBlock b = block(ctx);
            if (b.keepaliveTimeoutMillis >= 0) {
                throw ctx.duplicate(d);
            }
            b.keepaliveTimeoutMillis = ConfigValues.millis(d, 0, ctx);
        }));
        r.add(DirectiveSpec.named("keepalive_time").in(UPSTREAM).args(1).handle((d, ctx) -> {
            UpstreamBlock b = block(ctx);
            if (b.keepaliveTimeMillis >= 0) {
                throw ctx.duplicate(d);
            }
            b.keepaliveTimeMillis = ConfigValues.millis(d, 0, ctx);
        }));
        r.add(DirectiveSpec.named("keepalive_requests").in(UPSTREAM).args(1).handle((d, ctx) -> {
            UpstreamBlock b = block(ctx);
            if (b.keepaliveRequests >= 0) {
                throw ctx.duplicate(d);
            }
            long n = ConfigValues.number(d.arg(0));
            if (n < 0) {
                throw ctx.error("\"" + d.name() + "\" directive invalid number", d);
            }
            b.keepaliveRequests = n;
        }));
        // Pier shares a group's state between event loops always; a zone changes nothing
        r.add(DirectiveSpec.named("zone").in(UPSTREAM).args(1, 2).handle((d, ctx) -> {
            if (d.argCount() == 2 && ConfigValues.size(d.arg(1)) < 0) {
                throw ctx.error("invalid zone size \"" + d.arg(1) + "\"", d);
            }
        }));
        r.add(DirectiveSpec.named("circuit_breaker").in(UPSTREAM).args(0, 7).handle(UpstreamModule::circuitBreaker));
    }

    static UpstreamBlock block(LoadContext ctx) { return ctx.enclosing(UpstreamBlock.class); }

    private static void upstream(ConfigDirective d, LoadContext ctx) {
        String name = d.arg(0);
        Map<String, Upstream> groups = ctx.settings().isSet(Upstreams.GROUPS) ? ctx.settings().get(Upstreams.GROUPS) : null;
        if (groups == null) {
            // filled block by block while the http block loads, read only once it is built
            groups = new LinkedHashMap<>();
            ctx.settings().set(Upstreams.GROUPS, groups);
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (groups.containsKey(key)) {
            throw ctx.error("duplicate upstream \"" + name + "\"", d);
        }
        UpstreamBlock block = new UpstreamBlock(name, d);
        ctx.loadBlock(d.block(), UPSTREAM, block.settings, block);
        if (block.servers.isEmpty()) {
            // nginx names the line of the closing brace; Pier's syntax tree keeps only the block's first line
            throw ctx.error("no servers are inside upstream", d);
        }
        if (!block.hasPrimary()) {
            throw ctx.error("no servers in upstream \"" + name + "\"", d);
        }
        groups.put(key, block.build(System::nanoTime));
    }

    /** nginx warns when a second method (or keepalive before it) already set the block's peer.init_upstream. */
    private static UpstreamBlock method(ConfigDirective d, LoadContext ctx, UpstreamBlock.Method method) {
        UpstreamBlock b = block(ctx);
        if (b.methodSet) {
            ctx.warn("load balancing method redefined", d);
        }
        b.methodSet = true;
        b.method = method;
        return b;
    }

    private static void hash(ConfigDirective d, LoadContext ctx) {
        UpstreamBlock b = method(d, ctx, UpstreamBlock.Method.HASH);
        try {
            b.hashKey = Template.compile(d.arg(0));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
        b.consistent = false;
        if (d.argCount() == 2) {
            if (!d.arg(1).equals("consistent")) {
                throw ctx.error("invalid parameter \"" + d.arg(1) + "\"", d);
            }
            b.consistent = true;
        }
    }

    private static void random(ConfigDirective d, LoadContext ctx) {
        UpstreamBlock b = method(d, ctx, UpstreamBlock.Method.RANDOM);
        b.randomTwo = false;
        if (d.argCount() >= 1) {
            if (!d.arg(0).equals("two")) {
                throw ctx.error("invalid parameter \"" + d.arg(0) + "\"", d);
            }
            b.randomTwo = true;
        }
        if (d.argCount() == 2 && !d.arg(1).equals("least_conn")) {
            throw ctx.error("invalid parameter \"" + d.arg(1) + "\"", d);
        }
    }

    private static void leastTime(ConfigDirective d, LoadContext ctx) {
        UpstreamBlock b = method(d, ctx, UpstreamBlock.Method.LEAST_TIME);
        switch (d.arg(0)) {
            case "header" -> b.lastByte = false;
            case "last_byte" -> b.lastByte = true;
            default -> throw ctx.error("invalid parameter \"" + d.arg(0) + "\"", d);
        }
        b.inflight = false;
        if (d.argCount() == 2) {
            if (!d.arg(1).equals("inflight")) {
                throw ctx.error("invalid parameter \"" + d.arg(1) + "\"", d);
            }
            b.inflight = true;
        }
    }

    private static void keepalive(ConfigDirective d, LoadContext ctx) {
        UpstreamBlock b = block(ctx);
        if (b.keepalive != 0) {
            throw ctx.duplicate(d);
        }
        long n = ConfigValues.number(d.arg(0));
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw ctx.invalidValue(d, d.arg(0));
        }
        b.keepalive = (int) n;
        // nginx's keepalive wraps the method set so far: a method after it is a redefinition (with a warning)
        b.methodSet = true;
    }

    private static void circuitBreaker(ConfigDirective d, LoadContext ctx) {
        UpstreamBlock b = block(ctx);
        if (b.breaker != null) {
            throw ctx.duplicate(d);
        }
        b.breaker = CircuitBreakerParser.parse(d, ctx, List.copyOf(d.args()));
    }
}

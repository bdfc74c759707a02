package dev.pier.upstream.health;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;

import dev.pier.config.ConfigKey;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigException;
import dev.pier.config.syntax.ConfigSource;
import dev.pier.http.HttpModule;
import dev.pier.http.LocationPlan;
import dev.pier.proxy.ProxyPass;
import dev.pier.upstream.Upstream;
import dev.pier.upstream.Upstreams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Active health checks in nginx Plus's syntax: {@code health_check [params]} in a location checks the group
 * its {@code proxy_pass} names; {@code match name { ... }} in http says what a passing response looks like.
 * Both are read at load; the checks are bound to their groups when the http block is built (the groups and
 * match blocks may stand anywhere in it), and added to the load's {@link HealthChecks}, which the server runs.
 */
public final class HealthCheckModule implements HttpModule {
    /** The location's health_check lines (several are allowed; each is a check of its own), not inherited. */
    static final ConfigKey<List<Pending>> CHECKS = ConfigKey.local("health_check", List.of());
    /** The http block's match blocks by name. */
    public static final ConfigKey<Map<String, Match>> MATCHES = ConfigKey.of("match", Map.of());

    /** A health_check line waiting for the http block to be built: the group is looked up then. */
    record Pending(HealthCheckSpec spec, ConfigSource source, HealthChecks owner) { }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("health_check").in(LOCATION).args(0, DirectiveSpec.MANY).handle(HealthCheckModule::healthCheck));
        r.add(DirectiveSpec.named("match").in(HTTP).args(1).block().handle(HealthCheckModule::match));
    }

    private static void healthCheck(ConfigDirective d, LoadContext ctx) {
        HealthCheckSpec spec = HealthCheckSpec.parse(d, ctx);
        HealthChecks owner = ctx.result().get(HealthChecks.class);
        if (owner == null) {
            owner = new HealthChecks();
            ctx.result().put(HealthChecks.class, owner);
        }
        List<Pending> list = new ArrayList<>(ctx.settings().get(CHECKS));
        list.add(new Pending(spec, d.source(), owner));
        ctx.settings().set(CHECKS, List.copyOf(list));
    }

    private static void match(ConfigDirective d, LoadContext ctx) {
        Map<String, Match> matches = new HashMap<>(ctx.settings().get(MATCHES));
        if (matches.containsKey(d.arg(0))) {
            throw ctx.error("duplicate match \"" + d.arg(0) + "\"", d);
        }
        matches.put(d.arg(0), Match.parse(d, ctx));
        ctx.settings().set(MATCHES, Map.copyOf(matches));
    }

    /** Binds the location's checks to the group of its proxy_pass, once the whole http block is known. */
    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        for (Pending p : settings.get(CHECKS)) {
            Match match = null;
            if (p.spec().match() != null) {
                match = settings.get(MATCHES).get(p.spec().match());
                if (match == null) {
                    throw new ConfigException("match \"" + p.spec().match() + "\" not found", p.source());
                }
            }
            Upstream group = group(settings.get(ProxyPass.KEY), settings);
            if (group == null) {
                throw new ConfigException("\"health_check\" requires \"proxy_pass\" to an upstream group", p.source());
            }
            p.owner().add(HealthCheck.attach(group, p.spec(), match));
        }
    }

    /**
     * The upstream block a proxy_pass names: not a URL with variables, a unix socket or a plain host; and, as
     * nginx, only a URL without a port names a group ({@code http://backend:8080} is a host).
     */
    private static Upstream group(ProxyPass pass, Settings settings) {
        if (pass == null || pass.hasVariables() || pass.unix() || !pass.hostText().equalsIgnoreCase(pass.host())) {
            return null;
        }
        return Upstreams.find(settings, pass.host());
    }
}

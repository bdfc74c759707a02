package dev.pier.http.realip;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpModule;
import dev.pier.http.InetText;
import dev.pier.http.LocationPlan;
import dev.pier.http.connection.ProxyProtocolHeader;
import dev.pier.variables.Variables;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The realip module: {@code set_real_ip_from}, {@code real_ip_header}, {@code real_ip_recursive}, and the
 * variables {@code $realip_remote_addr}, {@code $realip_remote_port}. It also owns the variables of the
 * PROXY protocol header read by {@code listen ... proxy_protocol} ({@code $proxy_protocol_addr},
 * {@code $proxy_protocol_port}, {@code $proxy_protocol_server_addr}, {@code $proxy_protocol_server_port}),
 * the header's one consumer among the modules. A level's {@code set_real_ip_from} lines replace the inherited
 * ones whole, as nginx's merge does.
 */
public final class RealIpModule implements HttpModule {
    static final ConfigKey<List<InetText.Cidr>> FROM = ConfigKey.of("set_real_ip_from", null);
    /** {@code set_real_ip_from unix:} at the level; no TCP peer matches it, and Pier has no UNIX listeners yet. */
    static final ConfigKey<Boolean> FROM_UNIX = ConfigKey.of("set_real_ip_from unix:", false);
    static final ConfigKey<RealIpSource> HEADER = ConfigKey.of("real_ip_header", RealIpSource.X_REAL_IP);
    static final ConfigKey<Boolean> RECURSIVE = ConfigKey.of("real_ip_recursive", false);

    static {
        Variables.builtIn("realip_remote_addr", ex -> NetUtil.toAddressString(ex.connection().remoteAddress().getAddress()));
        Variables.builtIn("realip_remote_port", ex -> port(ex.connection().remoteAddress().getPort()));
        Variables.builtIn("proxy_protocol_addr", proxyProtocol(ProxyProtocolHeader::sourceAddress));
        Variables.builtIn("proxy_protocol_port", proxyProtocol(h -> port(h.sourcePort())));
        Variables.builtIn("proxy_protocol_server_addr", proxyProtocol(ProxyProtocolHeader::destinationAddress));
        Variables.builtIn("proxy_protocol_server_port", proxyProtocol(h -> port(h.destinationPort())));
    }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("set_real_ip_from").in(HTTP, SERVER, LOCATION).args(1).handle(RealIpModule::from));
        r.add(DirectiveSpec.named("real_ip_header").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(HEADER, RealIpSource.parse(d.arg(0)), d)));
        r.add(DirectiveSpec.named("real_ip_recursive").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(RECURSIVE, ConfigValues.flag(d, ctx), d)));
    }

    /** nginx's pre-access run, with the location's settings (a step before its pre-content steps). */
    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        RealIpHandler handler = handler(settings);
        if (handler != null) {
            plan.precontent(handler.preAccess());
        }
    }

    /** nginx's post-read run, with the server's settings: the first step of the server's rewrite phase. */
    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        RealIpHandler handler = handler(serverSettings);
        if (handler != null) {
            plan.rewrite(handler.postRead());
        }
    }

    private static RealIpHandler handler(Settings s) {
        List<InetText.Cidr> from = s.get(FROM);
        if (from == null) {
            return null;
        }
        return new RealIpHandler(from, s.get(HEADER), s.get(RECURSIVE));
    }

    /** An address, a CIDR network, {@code unix:}, or a host name resolved now, at load (all its addresses). */
    private static void from(ConfigDirective d, LoadContext ctx) {
        List<InetText.Cidr> list = ctx.settings().isSet(FROM) ? ctx.settings().get(FROM) : new ArrayList<>();
        if (!ctx.settings().isSet(FROM)) {
            ctx.settings().set(FROM, list);
            ctx.settings().set(FROM_UNIX, false);
        }
        String value = d.arg(0);
        if (value.equals("unix:")) {
            ctx.settings().set(FROM_UNIX, true);
            return;
        }
        InetText.Cidr cidr = InetText.cidr(value);
        if (cidr != null) {
            if (cidr.lowBitsSet()) {
                ctx.warn("low address bits of " + value + " are meaningless", d);
            }
            list.add(cidr);
            return;
        }
        try {
            // configuration loads off the event loops; nginx resolves the name here too
            for (InetAddress a : InetAddress.getAllByName(value)) {
                byte[] bytes = a.getAddress();
                list.add(new InetText.Cidr(bytes, bytes.length * 8, false));
            }
        } catch (UnknownHostException | SecurityException e) {
            throw ctx.error("host not found in set_real_ip_from \"" + value + "\"", d);
        }
    }

    private static dev.pier.variables.Variable proxyProtocol(Function<ProxyProtocolHeader, String> part) {
        return ex -> {
            ProxyProtocolHeader h = ex.connection().proxyProtocol();
            return h == null ? null : part.apply(h);
        };
    }

    /** nginx prints a port only when it is 1 to 65535. */
    private static String port(int port) {
        return port > 0 && port < 65536 ? Integer.toString(port) : "";
    }
}

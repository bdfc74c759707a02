package dev.pier.http.map;

import static dev.pier.config.Context.HTTP;

import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.ForwardedAddresses;
import dev.pier.http.HttpModule;
import dev.pier.http.InetText;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code geo [$address] $variable { ... }}: a variable chosen by the client address (or another variable's
 * value) among networks (longest prefix, IPv4 and IPv6) or, with {@code ranges}, IPv4 ranges. Built into a
 * {@link CidrTree} pair or {@link GeoRanges} at load, with nginx's warnings and errors. With {@code proxy}
 * networks, a trusted address is replaced by the one it names in X-Forwarded-For ({@link ForwardedAddresses}).
 */
public final class GeoModule implements HttpModule {
    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("geo").in(HTTP).args(1, 2).block().handle(GeoModule::geo));
    }

    /** What the entries of one block build. */
    private static final class Block {
        final CidrTree v4 = new CidrTree();
        final CidrTree v6 = new CidrTree();
        final GeoRanges ranges = new GeoRanges();
        boolean rangeMode;
        boolean treesUsed;     // nginx creates its trees at the first network entry: "ranges" must come before
        String rangeDefault;
        final List<InetText.Cidr> proxies = new ArrayList<>();
        boolean proxyRecursive;

        ForwardedAddresses forwarded() { return proxies.isEmpty() ? null : new ForwardedAddresses(proxies, proxyRecursive); }
    }

    private static void geo(ConfigDirective d, LoadContext ctx) {
        Variable source = null;
        String name;
        if (d.argCount() == 2) {
            String address = ComputedVariables.name(d, d.arg(0), ctx);
            source = Variables.find(address);
            if (source == null) {
                throw ctx.error("unknown \"" + address + "\" variable", d);
            }
            name = ComputedVariables.name(d, d.arg(1), ctx);
        } else {
            name = ComputedVariables.name(d, d.arg(0), ctx);
        }
        Block b = new Block();
        for (ConfigDirective entry : d.block()) {
            entry(b, ComputedVariables.words(entry, ctx), entry, ctx);
        }
        GeoVariable variable;
        if (b.rangeMode) {
            variable = GeoVariable.ranges(source, b.forwarded(), b.ranges.freeze(b.rangeDefault != null ? b.rangeDefault : ""));
        } else {
            // without a default, nginx's is the empty value
            b.v4.defaultIfAbsent("");
            b.v6.defaultIfAbsent("");
            variable = GeoVariable.networks(source, b.forwarded(), b.v4, b.v6);
        }
        ComputedVariables.define(d, name, variable, true, ctx);
    }

    /** One line of the block, in ngx_http_geo's order of checks. */
    private static void entry(Block b, List<String> w, ConfigDirective e, LoadContext ctx) {
        if (w.size() == 1) {
            if (w.get(0).equals("ranges")) {
                if (b.treesUsed) {
                    throw ctx.error("the \"ranges\" directive must be the first directive inside \"geo\" block", e);
                }
                b.rangeMode = true;
                return;
            }
            if (w.get(0).equals("proxy_recursive")) {
                b.proxyRecursive = true;
                return;
            }
        }
        if (w.size() != 2) {
            throw ctx.error("invalid number of the geo parameters", e);
        }
        if (w.get(0).equals("proxy")) {
            b.proxies.add(network(w.get(1), e, ctx));
            return;
        }
        if (b.rangeMode) {
            range(b, w, e, ctx);
        } else {
            cidr(b, w, e, ctx);
        }
    }

    private static void cidr(Block b, List<String> w, ConfigDirective e, LoadContext ctx) {
        b.treesUsed = true;
        String value = w.get(1);
        if (w.get(0).equals("default")) {
            add(b.v4, new InetText.Cidr(new byte[4], 0, false), "default", value, e, ctx);
            add(b.v6, new InetText.Cidr(new byte[16], 0, false), "default", value, e, ctx);
            return;
        }
        boolean delete = w.get(0).equals("delete");
        String net = delete ? w.get(1) : w.get(0);
        InetText.Cidr cidr = network(net, e, ctx);
        CidrTree tree = cidr.address().length == 4 ? b.v4 : b.v6;
        if (delete) {
            if (!tree.delete(cidr.address(), cidr.bits())) {
                ctx.warn("no network \"" + net + "\" to delete", e);
            }
            return;
        }
        add(tree, cidr, net, value, e, ctx);
    }

    private static void add(CidrTree tree, InetText.Cidr cidr, String net, String value, ConfigDirective e, LoadContext ctx) {
        String old = tree.insert(cidr.address(), cidr.bits(), value);
        if (old != null) {
            ctx.warn("duplicate network \"" + net + "\", value: \"" + value + "\", old value: \"" + old + "\"", e);
        }
    }

    /** ngx_http_geo_cidr_value: 255.255.255.255 is a host (ngx_inet_addr cannot say it), else ngx_ptocidr. */
    private static InetText.Cidr network(String net, ConfigDirective e, LoadContext ctx) {
        if (net.equals("255.255.255.255")) {
            return new InetText.Cidr(new byte[] {-1, -1, -1, -1}, 32, false);
        }
        InetText.Cidr cidr = InetText.cidr(net);
        if (cidr == null) {
            throw ctx.error("invalid network \"" + net + "\"", e);
        }
        if (cidr.lowBitsSet()) {
            ctx.warn("low address bits of " + net + " are meaningless", e);
        }
        return cidr;
    }

    private static void range(Block b, List<String> w, ConfigDirective e, LoadContext ctx) {
        String value = w.get(1);
        if (w.get(0).equals("default")) {
            if (b.rangeDefault != null) {
                ctx.warn("duplicate default geo range value: \"" + value + "\", old value: \"" + b.rangeDefault + "\"", e);
            }
            b.rangeDefault = value;
            return;
        }
        boolean delete = w.get(0).equals("delete");
        String net = delete ? w.get(1) : w.get(0);
        int dash = net.indexOf('-');
        long start = dash < 0 ? InetText.NONE : InetText.inet4(net, 0, dash);
        long end = dash < 0 ? InetText.NONE : InetText.inet4(net, dash + 1, net.length());
        if (start == InetText.NONE || end == InetText.NONE || start > end) {
            throw ctx.error("invalid range \"" + net + "\"", e);
        }
        if (delete) {
            if (!b.ranges.delete(start, end)) {
                ctx.warn("no address range \"" + net + "\" to delete", e);
            }
            return;
        }
        try {
            b.ranges.add(start, end, value, old -> ctx.warn("duplicate range \"" + net + "\", value: \"" + value
                    + "\", old value: \"" + old + "\"", e));
        } catch (GeoRanges.Overlap o) {
            throw ctx.error("range \"" + net + "\" overlaps \"" + o.getMessage() + "\"", e);
        }
    }
}

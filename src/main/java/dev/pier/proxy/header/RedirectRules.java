package dev.pier.proxy.header;

import dev.pier.config.Settings;
import dev.pier.http.location.Location;
import dev.pier.http.location.LocationTree;
import dev.pier.proxy.ProxyPass;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code proxy_redirect} rules in force in a location, as nginx's merge leaves them. nginx merges a location
 * before the locations nested in it, and a level without proxy_redirect inherits its parent's rules as merged,
 * the parent's default rule included: a nested location with its own proxy_pass then rewrites with the
 * enclosing location's default, not its own. Computed once per location (and proxy_pass), never per request.
 */
final class RedirectRules {
    private static final HeaderRewrite[] NONE = new HeaderRewrite[0];

    private RedirectRules() { }

    /**
     * The rules of {@code location} of a server whose level settings are {@code server} and locations
     * {@code tree}; {@code own} is the location's merged proxy_redirect setting and {@code pass} the request's
     * proxy_pass, used as they are for a location outside the tree (an {@code if} block, the fallback).
     */
    static HeaderRewrite[] of(RewriteList own, Settings server, LocationTree tree, Location location, ProxyPass pass) {
        List<Location> chain = location == null || tree == null ? null : chain(tree, location);
        if (chain == null) {
            if (own == null) {
                return pass == null || pass.hasVariables() ? NONE : new HeaderRewrite[] {UpstreamResponseHeaders.defaultRule(pass, location)};
            }
            return own.off() ? NONE : resolve(own.rules(), pass, location);
        }
        RewriteList parent = server.get(ProxyHeadersModule.REDIRECTS);
        boolean off = parent != null && parent.off();
        HeaderRewrite[] rules = parent == null || off ? null : resolve(parent.rules(), null, null);
        for (Location l : chain) {
            RewriteList value = l.settings().get(ProxyHeadersModule.REDIRECTS);
            ProxyPass lPass = l.settings().get(ProxyPass.KEY);
            if (lPass == null && l == location) {
                lPass = pass;
            }
            if (value != parent) {   // set at this level: inherited values are the parent's very object
                off = value.off();
                rules = off ? null : resolve(value.rules(), lPass, l);
            }
            if (!off && rules == null && lPass != null && !lPass.hasVariables()) {
                rules = new HeaderRewrite[] {UpstreamResponseHeaders.defaultRule(lPass, l)};
            }
            parent = value;
        }
        return rules == null ? NONE : rules;
    }

    /** The level's rules with {@code default} made concrete from the level's own proxy_pass and name. */
    private static HeaderRewrite[] resolve(List<HeaderRewrite> rules, ProxyPass pass, Location location) {
        List<HeaderRewrite> out = new ArrayList<>(rules.size());
        for (HeaderRewrite rule : rules) {
            if (rule != HeaderRewrite.Default.INSTANCE) {
                out.add(rule);
            } else if (pass != null) {
                out.add(UpstreamResponseHeaders.defaultRule(pass, location));
            }
        }
        return out.toArray(new HeaderRewrite[0]);
    }

    /** The locations from the server's level down to {@code target}, or null when it is not in the tree. */
    static List<Location> chain(LocationTree tree, Location target) {
        for (Location l : tree.locations()) {
            if (l == target) {
                List<Location> chain = new ArrayList<>();
                chain.add(l);
                return chain;
            }
            List<Location> below = chain(l.nested(), target);
            if (below != null) {
                below.add(0, l);
                return below;
            }
        }
        return null;
    }
}

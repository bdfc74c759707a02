package dev.pier.http;

import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigException;
import dev.pier.http.location.Location;
import dev.pier.http.location.LocationTree;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the http block while it loads (servers, locations, the settings each level sets), then merges
 * every level into its children and freezes the result into an {@link HttpConfig}.
 */
public final class HttpConfigBuilder {
    final Settings settings = new Settings();
    final List<ServerBlock> servers = new ArrayList<>();

    /** A {@code server} block while loading. */
    public static final class ServerBlock {
        final Settings settings = new Settings();
        final List<Listen> listens = new ArrayList<>();
        final List<ConfigDirective> listenDirectives = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<LocationBlock> locations = new ArrayList<>();
        final ConfigDirective directive;

        ServerBlock(ConfigDirective directive) {
            this.directive = directive;
        }
    }

    /** A {@code location} block while loading. */
    public static final class LocationBlock {
        final Location.Kind kind;
        final String pattern;
        final Settings settings = new Settings();
        final List<LocationBlock> nested = new ArrayList<>();
        final List<IfBlock> ifBlocks = new ArrayList<>();
        final ConfigDirective directive;
        boolean internal;
        LimitExceptBlock limitExcept;

        LocationBlock(Location.Kind kind, String pattern, ConfigDirective directive) {
            this.kind = kind;
            this.pattern = pattern;
            this.directive = directive;
        }

        public void markInternal() { internal = true; }

        /** How the location matches (a proxy_pass URI part is refused in regex and named locations). */
        public Location.Kind kind() { return kind; }

        /** The location's {@code limit_except} block, or null. */
        public LimitExceptBlock limitExcept() { return limitExcept; }

        /** Gives the location its {@code limit_except} block, for the methods not in {@code allowed}. */
        public LimitExceptBlock addLimitExcept(java.util.Set<String> allowed) {
            limitExcept = new LimitExceptBlock(allowed);
            return limitExcept;
        }

        /** An {@code if} block of this location: its configuration is built with the location's. */
        public IfBlock addIf() {
            IfBlock block = new IfBlock();
            ifBlocks.add(block);
            return block;
        }
    }

    /**
     * In the built settings of an {@code if} or {@code limit_except} block: the enclosing location's, for modules
     * that carry its content handler in (proxy_pass, as nginx's proxy merge does for both).
     */
    public static final dev.pier.config.ConfigKey<Settings> ENCLOSING_LOCATION = dev.pier.config.ConfigKey.local("enclosing location", null);

    /**
     * An {@code if} block in a location while loading: the settings its directives set. At build time it becomes
     * a {@link Location} of its own (nginx's nameless location) whose settings inherit from the enclosing
     * location and whose plan every module installs, so a true condition can switch the request to it.
     */
    public static final class IfBlock {
        private final Settings settings = new Settings();
        private Location location;

        /** The values the block sets itself (the loader's level for the block's directives). */
        public Settings settings() { return settings; }

        /** The built configuration the request switches to; null until the http block is built. */
        public Location location() { return location; }
    }

    /**
     * A {@code limit_except} block while loading: like an {@code if} block it becomes a configuration of its own,
     * inheriting the location's, which requests with a method it does not list switch to when the location is
     * found (nginx's ngx_http_update_location_config), before the location's rewrite phase.
     */
    public static final class LimitExceptBlock {
        private final Settings settings = new Settings();
        private final java.util.Set<String> allowed;

        LimitExceptBlock(java.util.Set<String> allowed) {
            this.allowed = java.util.Set.copyOf(allowed);
        }

        /** The values the block sets itself. */
        public Settings settings() { return settings; }
    }

    HttpConfig build(List<HttpModule> modules, Listen defaultListen) {
        settings.freeze();
        List<VirtualServer> built = new ArrayList<>();
        Map<InetSocketAddress, List<VirtualServer>> byAddress = new LinkedHashMap<>();
        Map<InetSocketAddress, VirtualServer> defaults = new HashMap<>();
        Map<InetSocketAddress, Listen> firstListen = new LinkedHashMap<>();
        for (ServerBlock sb : servers) {
            VirtualServer vs = buildServer(sb, modules, defaultListen);
            built.add(vs);
            for (int i = 0; i < vs.listens().size(); i++) {
                Listen l = vs.listens().get(i);
                byAddress.computeIfAbsent(l.address(), a -> new ArrayList<>()).add(vs);
                firstListen.putIfAbsent(l.address(), l);
                if (l.defaultServer()) {
                    if (defaults.putIfAbsent(l.address(), vs) != null) {
                        ConfigDirective d = i < sb.listenDirectives.size() ? sb.listenDirectives.get(i) : sb.directive;
                        throw new ConfigException("a duplicate default server for " + l.display(), d.source());
                    }
                }
            }
        }
        Map<InetSocketAddress, ServerSelector> selectors = new HashMap<>();
        java.util.Set<ServerSelector> proxyProtocol = new java.util.HashSet<>();
        for (var e : byAddress.entrySet()) {
            ServerSelector.checkNames(e.getValue(), firstListen.get(e.getKey()).display());
            VirtualServer def = defaults.getOrDefault(e.getKey(), e.getValue().get(0));
            ServerSelector selector = new ServerSelector(e.getValue(), def);
            selectors.put(e.getKey(), selector);
            // nginx ORs proxy_protocol over the listens of one address (ngx_http_add_addresses)
            if (e.getValue().stream().anyMatch(vs -> vs.listens().stream().anyMatch(l -> l.proxyProtocol() && l.address().equals(e.getKey())))) {
                proxyProtocol.add(selector);
            }
        }
        return new HttpConfig(settings, built, selectors, sockets(firstListen), proxyProtocol);
    }

    /** One socket per port for wildcard addresses; specific addresses get their own only when no wildcard covers them. */
    private static List<Listen> sockets(Map<InetSocketAddress, Listen> listens) {
        List<Listen> out = new ArrayList<>();
        for (Listen l : listens.values()) {
            boolean covered = !l.address().getAddress().isAnyLocalAddress() && listens.values().stream().anyMatch(o ->
                    o.address().getAddress().isAnyLocalAddress() && o.address().getPort() == l.address().getPort()
                            && o.address().getAddress().getClass() == l.address().getAddress().getClass());
            if (!covered) {
                out.add(l);
            }
        }
        return out;
    }

    private VirtualServer buildServer(ServerBlock sb, List<HttpModule> modules, Listen defaultListen) {
        Settings merged = sb.settings.inheritFrom(settings).freeze();
        List<Listen> listens = sb.listens.isEmpty() ? List.of(defaultListen) : List.copyOf(sb.listens);
        Map<String, Location> named = new HashMap<>();
        LocationTree tree = buildTree(sb.locations, merged, modules, named);
        LocationPlan.Builder serverPlan = LocationPlan.builder();
        for (HttpModule m : modules) {
            m.installServer(serverPlan, merged);
        }
        Location fallback = new Location(Location.Kind.PREFIX, "", false, new Settings().inheritFrom(merged).freeze(), LocationTree.empty());
        LocationPlan.Builder fallbackPlan = LocationPlan.builder();
        for (HttpModule m : modules) {
            m.install(fallbackPlan, fallback.settings());
        }
        fallback.plan(fallbackPlan.build());
        String primary = sb.names.isEmpty() ? "" : sb.names.get(0);
        return new VirtualServer(listens, List.copyOf(sb.names), merged, tree, Map.copyOf(named), serverPlan.build(), fallback, primary);
    }

    private LocationTree buildTree(List<LocationBlock> blocks, Settings parent, List<HttpModule> modules, Map<String, Location> named) {
        List<Location> locations = new ArrayList<>();
        for (LocationBlock lb : blocks) {
            Settings merged = lb.settings.inheritFrom(parent).freeze();
            LocationTree nested = lb.nested.isEmpty() ? LocationTree.empty() : buildTree(lb.nested, merged, modules, named);
            Location loc;
            try {
                loc = new Location(lb.kind, lb.pattern, lb.internal, merged, nested);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigException(Pcre.compileError(lb.pattern, e), lb.directive.source());
            }
            LocationPlan.Builder plan = LocationPlan.builder();
            for (HttpModule m : modules) {
                m.install(plan, merged);
            }
            loc.plan(plan.build());
            for (IfBlock ib : lb.ifBlocks) {
                ib.location = nestedConfiguration(lb, ib.settings, merged, modules);
            }
            if (lb.limitExcept != null) {
                loc.limitExcept(lb.limitExcept.allowed, nestedConfiguration(lb, lb.limitExcept.settings, merged, modules));
            }
            if (lb.kind == Location.Kind.NAMED) {
                if (named.putIfAbsent(lb.pattern, loc) != null) {
                    throw new ConfigException("duplicate location \"" + lb.pattern + "\"", lb.directive.source());
                }
            }
            locations.add(loc);
        }
        checkDuplicates(blocks);
        return new LocationTree(locations);
    }

    /** The configuration of an {@code if} or {@code limit_except} block: its own settings over the location's, its own plan. */
    private static Location nestedConfiguration(LocationBlock lb, Settings own, Settings location, List<HttpModule> modules) {
        own.set(ENCLOSING_LOCATION, location);
        Location nested = new Location(lb.kind, lb.pattern, lb.internal, own.inheritFrom(location).freeze(), LocationTree.empty());
        LocationPlan.Builder plan = LocationPlan.builder();
        for (HttpModule m : modules) {
            m.install(plan, nested.settings());
        }
        nested.plan(plan.build());
        return nested;
    }

    private static void checkDuplicates(List<LocationBlock> blocks) {
        Map<String, LocationBlock> seen = new HashMap<>();
        for (LocationBlock lb : blocks) {
            String key = switch (lb.kind) {
                case EXACT -> "=" + lb.pattern;
                case PREFIX, PREFIX_NO_REGEX -> "/" + lb.pattern;
                default -> null;
            };
            if (key != null && seen.putIfAbsent(key, lb) != null) {
                throw new ConfigException("duplicate location \"" + lb.pattern + "\"", lb.directive.source());
            }
        }
    }
}

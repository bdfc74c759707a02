package dev.pier.http;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.MAIN;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.Context;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpConfigBuilder.LocationBlock;
import dev.pier.http.HttpConfigBuilder.ServerBlock;
import dev.pier.http.location.Location;
import dev.pier.variables.Variables;
import java.util.List;

/** The http core: {@code http}, {@code server}, {@code location}, {@code server_name}, {@code internal} and the flags every request reads. */
public final class HttpCoreModule implements HttpModule {
    /** Where a server block starts (its own, never inherited): for errors about the server as a whole, as nginx names its line. */
    public static final ConfigKey<dev.pier.config.syntax.ConfigSource> SERVER_BLOCK = ConfigKey.local("server", null);
    public static final ConfigKey<Boolean> SERVER_TOKENS = ConfigKey.of("server_tokens", true);
    public static final ConfigKey<Boolean> MERGE_SLASHES = ConfigKey.of("merge_slashes", true);
    public static final ConfigKey<Boolean> ABSOLUTE_REDIRECT = ConfigKey.of("absolute_redirect", true);
    public static final ConfigKey<Boolean> SERVER_NAME_IN_REDIRECT = ConfigKey.of("server_name_in_redirect", false);
    public static final ConfigKey<Boolean> PORT_IN_REDIRECT = ConfigKey.of("port_in_redirect", true);
    public static final ConfigKey<Boolean> MSIE_PADDING = ConfigKey.of("msie_padding", true);
    public static final ConfigKey<Boolean> LOG_NOT_FOUND = ConfigKey.of("log_not_found", true);
    /** The prefix ({@code -p}) relative paths resolve against; set by the loader, not a directive. */
    public static final ConfigKey<java.nio.file.Path> PREFIX = ConfigKey.of("prefix", java.nio.file.Path.of("/usr/local/pier"));

    private final List<HttpModule> modules;

    /** {@code modules}: every http module, in order, so the built configuration gets their plans. */
    public HttpCoreModule(List<HttpModule> modules) {
        this.modules = modules;
    }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("http").in(MAIN).args(0).block().handle(this::http));
        r.add(DirectiveSpec.named("server").in(HTTP).args(0).block().handle(HttpCoreModule::server));
        r.add(DirectiveSpec.named("location").in(SERVER, LOCATION).args(1, 2).block().handle(HttpCoreModule::location));
        r.add(DirectiveSpec.named("server_name").in(SERVER).args(1, DirectiveSpec.MANY).handle(HttpCoreModule::serverName));
        r.add(DirectiveSpec.named("listen").in(SERVER).args(1, DirectiveSpec.MANY).handle(ListenParser::apply));
        r.add(DirectiveSpec.named("internal").in(LOCATION).args(0).handle((d, ctx) -> ctx.enclosing(LocationBlock.class).markInternal()));
        // an enum in nginx (on | off | build), so its error is the enum's: invalid value "x"
        r.add(DirectiveSpec.named(SERVER_TOKENS.name()).in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            String v = d.arg(0).toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("on") && !v.equals("off") && !v.equals("build")) {
                throw ctx.error("invalid value \"" + d.arg(0) + "\"", d);
            }
            ctx.setOnce(SERVER_TOKENS, !v.equals("off"), d);
        }));
        flag(r, MERGE_SLASHES, HTTP, SERVER);
        flag(r, ABSOLUTE_REDIRECT);
        flag(r, SERVER_NAME_IN_REDIRECT);
        flag(r, PORT_IN_REDIRECT);
        flag(r, MSIE_PADDING);
        flag(r, LOG_NOT_FOUND);
    }

    private static void flag(DirectiveRegistry r, ConfigKey<Boolean> key) {
        flag(r, key, HTTP, SERVER, LOCATION);
    }

    /** An on|off directive setting {@code key} at the level it stands in. */
    public static void flag(DirectiveRegistry r, ConfigKey<Boolean> key, Context first, Context... rest) {
        r.add(DirectiveSpec.named(key.name()).in(first, rest).args(1)
                .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.flag(d, ctx), d)));
    }

    private void http(ConfigDirective d, LoadContext ctx) {
        if (ctx.result().get(HttpConfig.class) != null) {
            throw ctx.duplicate(d);
        }
        HttpConfigBuilder http = new HttpConfigBuilder();
        http.settings.set(PREFIX, ctx.prefix());
        ctx.loadBlock(d.block(), HTTP, http.settings, http);
        HttpConfig built = http.build(modules, ListenParser.defaultListen());
        warnConflictingNames(built, ctx);
        for (HttpModule m : modules) {
            m.built(built, ctx);
        }
        ctx.result().put(HttpConfig.class, built);
    }

    /** nginx warns, once the http block is read, about each name a server of the same address already took. */
    private static void warnConflictingNames(HttpConfig http, LoadContext ctx) {
        java.util.Map<java.net.InetSocketAddress, List<VirtualServer>> byAddress = new java.util.LinkedHashMap<>();
        java.util.Map<java.net.InetSocketAddress, Listen> first = new java.util.HashMap<>();
        for (VirtualServer s : http.servers()) {
            for (Listen l : s.listens()) {
                List<VirtualServer> list = byAddress.computeIfAbsent(l.address(), a -> new java.util.ArrayList<>());
                if (!list.contains(s)) {
                    list.add(s);
                }
                first.putIfAbsent(l.address(), l);
            }
        }
        byAddress.forEach((address, servers) -> ServerSelector.conflicts(servers, first.get(address).display()).forEach(ctx::warn));
    }

    private static void server(ConfigDirective d, LoadContext ctx) {
        HttpConfigBuilder http = ctx.enclosing(HttpConfigBuilder.class);
        ServerBlock server = new ServerBlock(d);
        server.settings.set(SERVER_BLOCK, d.source());
        http.servers.add(server);
        ctx.loadBlock(d.block(), SERVER, server.settings, server);
    }

    private static void serverName(ConfigDirective d, LoadContext ctx) {
        ServerBlock server = ctx.enclosing(ServerBlock.class);
        for (String name : d.args()) {
            if (name.startsWith("~")) {
                try {
                    java.util.regex.Pattern.compile(Pcre.toJava(name.substring(1)));
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw ctx.error("pcre2_compile() failed: " + e.getDescription() + " in \"" + name.substring(1) + "\"", d);
                }
                server.names.add("~" + Pcre.toJava(name.substring(1)));
                Variables.declareCaptures(name.substring(1));
            } else {
                // wildcards are checked when the names of an address are put together (ServerSelector.checkNames)
                server.names.add(name);
            }
        }
    }

    private static void location(ConfigDirective d, LoadContext ctx) {
        Location.Kind kind;
        String pattern;
        if (d.argCount() == 2) {
            pattern = d.arg(1);
            kind = switch (d.arg(0)) {
                case "=" -> Location.Kind.EXACT;
                case "^~" -> Location.Kind.PREFIX_NO_REGEX;
                case "~" -> Location.Kind.REGEX;
                case "~*" -> Location.Kind.REGEX_CASELESS;
                default -> throw ctx.error("invalid location modifier \"" + d.arg(0) + "\"", d);
            };
        } else {
            // a modifier glued to the uri ("=/a", "~*\.png$") or standing alone ("~" is the empty regex, which
            // matches every URI; "=" the exact empty uri), as ngx_http_core_location reads one argument
            String a = d.arg(0);
            if (a.startsWith("=")) {
                kind = Location.Kind.EXACT;
                pattern = a.substring(1);
            } else if (a.startsWith("^~")) {
                kind = Location.Kind.PREFIX_NO_REGEX;
                pattern = a.substring(2);
            } else if (a.startsWith("~*")) {
                kind = Location.Kind.REGEX_CASELESS;
                pattern = a.substring(2);
            } else if (a.startsWith("~")) {
                kind = Location.Kind.REGEX;
                pattern = a.substring(1);
            } else if (a.startsWith("@")) {
                kind = Location.Kind.NAMED;
                pattern = a;
            } else {
                kind = Location.Kind.PREFIX;
                pattern = a;
            }
        }
        if (kind == Location.Kind.REGEX || kind == Location.Kind.REGEX_CASELESS) {
            Variables.declareCaptures(pattern);
            pattern = Pcre.toJava(pattern);
        }
        LocationBlock block = new LocationBlock(kind, pattern, d);
        if (ctx.context() == LOCATION) {
            LocationBlock parent = ctx.enclosing(LocationBlock.class);
            if (parent.kind == Location.Kind.EXACT) {
                throw ctx.error("location \"" + pattern + "\" cannot be inside the exact location \"" + parent.pattern + "\"", d);
            }
            if (parent.kind == Location.Kind.NAMED) {
                throw ctx.error("location \"" + pattern + "\" cannot be inside the named location \"" + parent.pattern + "\"", d);
            }
            if (kind == Location.Kind.NAMED) {
                throw ctx.error("named location \"" + pattern + "\" can be on the server level only", d);
            }
            if ((kind == Location.Kind.PREFIX || kind == Location.Kind.PREFIX_NO_REGEX || kind == Location.Kind.EXACT)
                    && (parent.kind == Location.Kind.PREFIX || parent.kind == Location.Kind.PREFIX_NO_REGEX)
                    && !pattern.startsWith(parent.pattern)) {
                throw ctx.error("location \"" + pattern + "\" is outside location \"" + parent.pattern + "\"", d);
            }
            parent.nested.add(block);
        } else {
            ctx.enclosing(ServerBlock.class).locations.add(block);
        }
        ctx.loadBlock(d.block(), LOCATION, block.settings, block);
    }
}

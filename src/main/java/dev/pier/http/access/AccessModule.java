package dev.pier.http.access;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LIMIT_EXCEPT;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpConfigBuilder;
import dev.pier.http.HttpModule;
import dev.pier.http.InetText;
import dev.pier.http.LocationPlan;
import dev.pier.variables.Template;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The access phase's modules and {@code limit_except}: {@code allow}, {@code deny}, {@code auth_basic},
 * {@code auth_basic_user_file}, {@code auth_request}, {@code auth_request_set}, {@code satisfy}, and the block that gives the methods it does not list a
 * configuration of their own. A level's allow/deny lines replace the
 * inherited ones whole, as nginx's merge does.
 */
public final class AccessModule implements HttpModule {
    static final ConfigKey<AccessRules> RULES = ConfigKey.of("allow/deny", null);
    static final ConfigKey<Boolean> SATISFY_ANY = ConfigKey.of("satisfy", false);
    static final ConfigKey<Template> AUTH_BASIC = ConfigKey.of("auth_basic", null);
    static final ConfigKey<Template> AUTH_BASIC_USER_FILE = ConfigKey.of("auth_basic_user_file", null);
    /** {@code auth_request}: the URI, or "" for {@code off}. */
    static final ConfigKey<String> AUTH_REQUEST = ConfigKey.of("auth_request", null);
    /** A level's {@code auth_request_set} lines; a level with none inherits its parent's, as nginx merges them. */
    static final ConfigKey<java.util.List<AuthRequest.Assignment>> AUTH_REQUEST_SET = ConfigKey.of("auth_request_set", null);
    /** Where a relative auth_basic_user_file is found: the configuration file's directory. */
    static final ConfigKey<java.nio.file.Path> CONF_DIR = ConfigKey.of("auth_basic conf dir", null);

    /** nginx's ngx_methods_names: what limit_except may name. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "MKCOL", "COPY", "MOVE",
            "OPTIONS", "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "PATCH");

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("allow").in(HTTP, SERVER, LOCATION, LIMIT_EXCEPT).args(1).handle((d, ctx) -> rule(d, ctx, false)));
        r.add(DirectiveSpec.named("deny").in(HTTP, SERVER, LOCATION, LIMIT_EXCEPT).args(1).handle((d, ctx) -> rule(d, ctx, true)));
        r.add(DirectiveSpec.named("satisfy").in(HTTP, SERVER, LOCATION).args(1).handle(AccessModule::satisfy));
        r.add(DirectiveSpec.named("auth_basic").in(HTTP, SERVER, LOCATION, LIMIT_EXCEPT).args(1)
                .handle((d, ctx) -> ctx.setOnce(AUTH_BASIC, Template.compile(d.arg(0)), d)));
        r.add(DirectiveSpec.named("auth_basic_user_file").in(HTTP, SERVER, LOCATION, LIMIT_EXCEPT).args(1).handle((d, ctx) -> {
            ctx.setOnce(AUTH_BASIC_USER_FILE, Template.compile(d.arg(0)), d);
            ctx.settings().set(CONF_DIR, ctx.confDir());
        }));
        r.add(DirectiveSpec.named("auth_request").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(AUTH_REQUEST, d.arg(0).equals("off") ? "" : d.arg(0), d)));
        r.add(DirectiveSpec.named("auth_request_set").in(HTTP, SERVER, LOCATION).args(2).handle(AccessModule::authRequestSet));
        r.add(DirectiveSpec.named("limit_except").in(LOCATION).args(1, DirectiveSpec.MANY).block().handle(AccessModule::limitExcept));
    }

    /** Before try_files and mirror, after realip's pre-access run (the module list keeps that order). */
    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        AccessRules rules = settings.get(RULES);
        AuthBasic auth = authBasic(settings);
        String uri = settings.get(AUTH_REQUEST);
        AuthRequest request = uri == null || uri.isEmpty() ? null
                : new AuthRequest(uri, settings.get(AUTH_REQUEST_SET) == null ? java.util.List.of() : java.util.List.copyOf(settings.get(AUTH_REQUEST_SET)));
        if (rules != null || auth != null || request != null) {
            plan.precontent(new AccessStep(rules, auth, request, settings.get(SATISFY_ANY)));
        }
    }

    /** nginx checks credentials where both auth_basic (not a literal "off") and a user file are in force. */
    private static AuthBasic authBasic(Settings settings) {
        Template realm = settings.get(AUTH_BASIC);
        Template file = settings.get(AUTH_BASIC_USER_FILE);
        if (realm == null || file == null || realm.isConstant() && realm.source().equals("off")) {
            return null;
        }
        AuthBasic auth = new AuthBasic(realm, file, settings.get(CONF_DIR));
        auth.preload();
        return auth;
    }

    private static void rule(ConfigDirective d, LoadContext ctx, boolean deny) {
        Settings level = ctx.settings();
        AccessRules rules = level.isSet(RULES) ? level.get(RULES) : null;
        if (rules == null) {
            rules = new AccessRules();
            level.set(RULES, rules);
        }
        String value = d.arg(0);
        if (value.equals("all")) {
            rules.add(null, false, deny);
        } else if (value.equals("unix:")) {
            rules.add(null, true, deny);
        } else {
            InetText.Cidr cidr = InetText.cidr(value);
            if (cidr == null) {
                throw ctx.error("invalid parameter \"" + value + "\"", d);
            }
            if (cidr.lowBitsSet()) {
                ctx.warn("low address bits of " + value + " are meaningless", d);
            }
            rules.add(cidr, false, deny);
        }
    }

    /** A variable of the configuration's own, set from the auth subrequest; reads as not found before. */
    private static void authRequestSet(ConfigDirective d, LoadContext ctx) {
        String written = d.arg(0);
        if (!written.startsWith("$") || written.length() == 1) {
            throw ctx.error("invalid variable name \"" + written + "\"", d);
        }
        String name = written.substring(1);
        if (dev.pier.variables.Variables.isBuiltIn(name.toLowerCase(Locale.ROOT))) {
            throw ctx.error("the duplicate \"" + name + "\" variable", d);
        }
        dev.pier.variables.UserVariable target = dev.pier.variables.Variables.defineComputed(name, ex -> null, false);
        Settings level = ctx.settings();
        java.util.List<AuthRequest.Assignment> list = level.isSet(AUTH_REQUEST_SET) ? level.get(AUTH_REQUEST_SET) : null;
        if (list == null) {
            list = new java.util.ArrayList<>();
            level.set(AUTH_REQUEST_SET, list);
        }
        list.add(new AuthRequest.Assignment(target, Template.compile(d.arg(1))));
    }

    private static void satisfy(ConfigDirective d, LoadContext ctx) {
        String v = d.arg(0);
        if (!v.equals("all") && !v.equals("any")) {
            throw ctx.error("invalid value \"" + v + "\"", d);
        }
        ctx.setOnce(SATISFY_ANY, v.equals("any"), d);
    }

    /** The methods listed (GET brings HEAD) keep the location's configuration; the others get the block's. */
    private static void limitExcept(ConfigDirective d, LoadContext ctx) {
        HttpConfigBuilder.LocationBlock location = ctx.enclosing(HttpConfigBuilder.LocationBlock.class);
        if (location.limitExcept() != null) {
            throw ctx.duplicate(d);
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String m : d.args()) {
            String name = m.toUpperCase(Locale.ROOT);
            if (!METHODS.contains(name)) {
                throw ctx.error("invalid method \"" + m + "\"", d);
            }
            allowed.add(name);
            if (name.equals("GET")) {
                allowed.add("HEAD");
            }
        }
        HttpConfigBuilder.LimitExceptBlock block = location.addLimitExcept(allowed);
        ctx.loadBlock(d.block(), LIMIT_EXCEPT, block.settings(), block);
    }
}

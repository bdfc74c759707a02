package dev.pier.http.rewrite;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.IF_IN_SERVER;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.core.LogLevel;
import dev.pier.http.HttpConfigBuilder;
import dev.pier.http.HttpCoreModule;
import dev.pier.http.HttpExchange;
import dev.pier.http.HttpModule;
import dev.pier.http.LocationPlan;
import dev.pier.http.Pcre;
import dev.pier.http.RequestLog;
import dev.pier.variables.Template;
import dev.pier.variables.UserVariable;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * nginx's rewrite module: {@code rewrite}, {@code return}, {@code set}, {@code if}, {@code break},
 * {@code rewrite_log}, {@code uninitialized_variable_warn}. The directives of a server or a location compile,
 * in the order written, into one {@link RewriteScript}, the {@code if} blocks' directives inline; the server's
 * runs before location matching, a location's after it. A level runs only its own script (not inherited).
 */
public final class RewriteModule implements HttpModule {
    /** The script a server or location writes; an {@code if} block writes into its enclosing level's. */
    static final ConfigKey<ScriptBuilder> SCRIPT = ConfigKey.local("rewrite_script", null);
    public static final ConfigKey<Boolean> REWRITE_LOG = ConfigKey.of("rewrite_log", false);
    public static final ConfigKey<Boolean> UNINITIALIZED_VARIABLE_WARN = ConfigKey.of("uninitialized_variable_warn", true);

    /** The loader's block object inside an {@code if}: where the block's script directives go. */
    private record IfScope(ScriptBuilder script) { }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("rewrite").in(SERVER, LOCATION, IF_IN_SERVER, IF_IN_LOCATION).args(2, 3).handle(RewriteModule::rewrite));
        r.add(DirectiveSpec.named("return").in(SERVER, LOCATION, IF_IN_SERVER, IF_IN_LOCATION).args(1, 2).handle(RewriteModule::returns));
        r.add(DirectiveSpec.named("break").in(SERVER, LOCATION, IF_IN_SERVER, IF_IN_LOCATION).args(0)
                .handle((d, ctx) -> scriptOf(ctx).add(new BreakCode())));
        r.add(DirectiveSpec.named("set").in(SERVER, LOCATION, IF_IN_SERVER, IF_IN_LOCATION).args(2).handle(RewriteModule::set));
        r.add(DirectiveSpec.named("if").in(SERVER, LOCATION).args(1, DirectiveSpec.MANY).block().handle(RewriteModule::ifBlock));
        HttpCoreModule.flag(r, REWRITE_LOG, HTTP, SERVER, IF_IN_SERVER, LOCATION, IF_IN_LOCATION);
        HttpCoreModule.flag(r, UNINITIALIZED_VARIABLE_WARN, HTTP, SERVER, IF_IN_SERVER, LOCATION, IF_IN_LOCATION);
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        ScriptBuilder script = settings.get(SCRIPT);
        if (script != null && script.size() > 0) {
            plan.rewrite(script.build(settings.get(REWRITE_LOG)));
        }
    }

    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        install(plan, serverSettings);
    }

    /** The script the directive at {@code ctx} adds to: its level's, or the enclosing level's inside an {@code if}. */
    private static ScriptBuilder scriptOf(LoadContext ctx) {
        if (ctx.context() == IF_IN_SERVER || ctx.context() == IF_IN_LOCATION) {
            return ctx.enclosing(IfScope.class).script();
        }
        ScriptBuilder script = ctx.settings().get(SCRIPT);
        if (script == null) {
            script = new ScriptBuilder();
            ctx.settings().set(SCRIPT, script);
        }
        return script;
    }

    private static void rewrite(ConfigDirective d, LoadContext ctx) {
        ScriptBuilder script = scriptOf(ctx);
        if (d.arg(1).isEmpty()) {
            throw ctx.error("empty replacement", d);
        }
        try {
            Pattern regex = Pcre.compile(d.arg(0), false);
            Variables.declareCaptures(d.arg(0));
            RewriteRule.Flag flag = RewriteRule.Flag.NONE;
            if (d.argCount() == 3) {
                flag = switch (d.arg(2)) {
                    case "last" -> RewriteRule.Flag.LAST;
                    case "break" -> RewriteRule.Flag.BREAK;
                    case "redirect" -> RewriteRule.Flag.REDIRECT;
                    case "permanent" -> RewriteRule.Flag.PERMANENT;
                    default -> throw ctx.error("invalid parameter \"" + d.arg(2) + "\"", d);
                };
            }
            script.add(new RewriteRule(regex, d.arg(0), d.arg(1), flag));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    /** {@code return code [text]}, {@code return code URL}, {@code return URL}. */
    private static void returns(ConfigDirective d, LoadContext ctx) {
        ScriptBuilder script = scriptOf(ctx);
        String first = d.arg(0);
        long code = ConfigValues.number(first);
        try {
            if (code < 0) {
                if (d.argCount() != 1 || !(first.startsWith("http://") || first.startsWith("https://") || first.startsWith("$scheme"))) {
                    throw ctx.error("invalid return code \"" + first + "\"", d);
                }
                script.add(new ReturnAction(302, Template.compile(first)));
            } else {
                if (code > 999) {
                    throw ctx.error("invalid return code \"" + first + "\"", d);
                }
                script.add(new ReturnAction((int) code, d.argCount() == 2 ? Template.compile(d.arg(1)) : null));
            }
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    private static void set(ConfigDirective d, LoadContext ctx) {
        ScriptBuilder script = scriptOf(ctx);
        String written = d.arg(0);
        if (!written.startsWith("$")) {
            throw ctx.error("invalid variable name \"" + written + "\"", d);
        }
        String name = written.substring(1);
        if (name.isEmpty()) {
            throw ctx.error("invalid variable name \"$\"", d);
        }
        // ngx_http_add_variable: of the built-ins only the changeable ones ($args here) may be set
        String lower = name.toLowerCase(Locale.ROOT);
        UserVariable target = null;
        if (!lower.equals("args")) {
            if (Variables.isBuiltIn(lower)) {
                throw ctx.error("the duplicate \"" + name + "\" variable", d);
            }
            target = defineSet(name);
        }
        try {
            script.add(new SetCode(target, ScriptValue.compile(d.arg(1), false)));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    /**
     * The variable {@code set} stores into. One no other directive computes reads, before its first {@code set}
     * on a request, as {@link UninitializedRead} says; a {@code map} of the same name keeps its computation.
     */
    private static UserVariable defineSet(String name) {
        Variable existing = Variables.find(name);
        if (existing instanceof UserVariable u && !u.isDefined()) {
            UninitializedRead read = new UninitializedRead(name);
            UserVariable v = Variables.defineComputed(name, read, false);
            read.variable = v;
            return v;
        }
        return Variables.define(name);
    }

    /**
     * A {@code set} variable read before it is set on a request: the named capture of that name if a regex
     * set one (nginx's capture variables are the same variables), else empty with nginx's
     * {@code using uninitialized "name" variable} warning, once per request (ngx_http_rewrite_var).
     */
    private static final class UninitializedRead implements Variable {
        private final String name;
        private final String message;
        private UserVariable variable;

        UninitializedRead(String name) {
            this.name = name;
            this.message = "using uninitialized \"" + name + "\" variable";
        }

        @Override public String value(HttpExchange ex) {
            MatchResult captures = ex.captures();
            if (captures != null) {
                try {
                    return captures.group(Pcre.javaGroupName(name));
                } catch (IllegalArgumentException notACapture) {
                    // no regex of this request has a group of this name
                }
            }
            if (ex.settings().get(UNINITIALIZED_VARIABLE_WARN)) {
                RequestLog.log(LogLevel.WARN, ex, message);
            }
            variable.set(ex, null);
            return null;
        }
    }

    private static void ifBlock(ConfigDirective d, LoadContext ctx) {
        ScriptBuilder script = scriptOf(ctx);
        Condition condition;
        try {
            condition = IfConditionParser.parse(d.args());
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
        boolean inServer = ctx.context() == SERVER;
        // in a location the block is a configuration of its own the request switches to; at server level only a scope
        HttpConfigBuilder.IfBlock block = inServer ? null : ctx.enclosing(HttpConfigBuilder.LocationBlock.class).addIf();
        IfCode code = new IfCode(condition, block);
        script.add(code);
        ctx.loadBlock(d.block(), inServer ? IF_IN_SERVER : IF_IN_LOCATION, inServer ? new Settings() : block.settings(), new IfScope(script));
        code.end(script.size());
    }
}

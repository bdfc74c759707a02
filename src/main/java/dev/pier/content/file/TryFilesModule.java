package dev.pier.content.file;

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
import dev.pier.http.LocationPlan;
import dev.pier.variables.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code try_files file ... uri | =code}. As in nginx, a server-level try_files applies only to requests
 * that match no location (nginx never merges it into locations). It runs after the rewrite phase and
 * before the content handler.
 */
public final class TryFilesModule implements HttpModule {
    /** A location's own try_files: not inherited by nested locations, as nginx never merges it. */
    static final ConfigKey<TryFiles.Spec> TRY_FILES = ConfigKey.local("try_files", null);
    /** A server's try_files: inherited so the server's own (fallback) location sees it; {@link TryFiles} skips it elsewhere. */
    static final ConfigKey<TryFiles.Spec> SERVER_TRY_FILES = ConfigKey.of("server_try_files", null);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("try_files").in(SERVER, LOCATION).args(2, DirectiveSpec.MANY).handle(TryFilesModule::parse));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        TryFiles.Spec spec = settings.get(TRY_FILES);
        if (spec == null) {
            spec = settings.get(SERVER_TRY_FILES);
        }
        if (spec != null) {
            plan.precontent(new TryFiles(spec, StaticFileModule.cacheSetting(settings)));
        }
    }

    private static void parse(ConfigDirective d, LoadContext ctx) {
        boolean serverLevel = ctx.context() == dev.pier.config.Context.SERVER;
        ConfigKey<TryFiles.Spec> key = serverLevel ? SERVER_TRY_FILES : TRY_FILES;
        if (ctx.settings().isSet(key)) {
            throw ctx.duplicate(d);
        }
        List<TryFiles.Candidate> files = new ArrayList<>();
        try {
            for (int i = 0; i < d.argCount() - 1; i++) {
                String a = d.arg(i);
                boolean dir = a.endsWith("/");
                files.add(new TryFiles.Candidate(Template.compile(dir ? a.substring(0, a.length() - 1) : a), dir));
            }
            String last = d.arg(d.argCount() - 1);
            int code = -1;
            if (last.startsWith("=")) {
                long n = ConfigValues.number(last.substring(1));
                if (n < 0 || n > 999) {
                    throw ctx.error("invalid code \"" + last + "\"", d);
                }
                code = (int) n;
            }
            ctx.settings().set(key, new TryFiles.Spec(List.copyOf(files), Template.compile(last), code, serverLevel));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }
}

package dev.pier.http.mirror;

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
import dev.pier.http.LocationPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The mirror module: {@code mirror uri | off} (repeatable) and {@code mirror_request_body}. A level's mirror
 * lines replace the inherited ones whole; {@code off} at a level stops the inherited ones, and mixing it
 * with URIs at one level is nginx's "is duplicate".
 */
public final class MirrorModule implements HttpModule {
    /** The URIs of a level, empty for {@code mirror off}; unset (null) inherits. */
    static final ConfigKey<List<String>> MIRROR = ConfigKey.of("mirror", null);
    static final ConfigKey<Boolean> REQUEST_BODY = ConfigKey.of("mirror_request_body", true);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("mirror").in(HTTP, SERVER, LOCATION).args(1).handle(MirrorModule::mirror));
        r.add(DirectiveSpec.named("mirror_request_body").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(REQUEST_BODY, ConfigValues.flag(d, ctx), d)));
    }

    /** After try_files (the module list keeps that order), as nginx runs its pre-content handlers. */
    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        List<String> uris = settings.get(MIRROR);
        if (uris != null && !uris.isEmpty()) {
            plan.precontent(new MirrorStep(List.copyOf(uris), settings.get(REQUEST_BODY)));
        }
    }

    private static void mirror(ConfigDirective d, LoadContext ctx) {
        Settings level = ctx.settings();
        List<String> uris = level.isSet(MIRROR) ? level.get(MIRROR) : null;
        if (d.arg(0).equals("off")) {
            if (uris != null) {
                throw ctx.duplicate(d);
            }
            level.set(MIRROR, List.of());
            return;
        }
        if (uris != null && uris.isEmpty()) {
            throw ctx.duplicate(d);   // "off" came first
        }
        if (uris == null) {
            uris = new ArrayList<>();
            level.set(MIRROR, uris);
        }
        uris.add(d.arg(0));
    }
}

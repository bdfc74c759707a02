package dev.pier.http.filter.charset;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigException;
import dev.pier.http.HttpModule;
import dev.pier.http.LocationPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code charset}, {@code source_charset}, {@code charset_types} and {@code override_charset}: the charset
 * named on Content-Type. Pier does not recode, so a constant {@code source_charset} that differs from
 * {@code charset} is refused at load with nginx's message for a missing {@code charset_map}.
 */
public final class CharsetModule implements HttpModule {
    /** null: {@code charset off}, the default. */
    static final ConfigKey<CharsetSetting> CHARSET = ConfigKey.of("charset", null);
    static final ConfigKey<CharsetSetting> SOURCE_CHARSET = ConfigKey.of("source_charset", null);
    static final ConfigKey<CharsetTypes> TYPES = ConfigKey.of("charset_types", CharsetTypes.DEFAULT);
    static final ConfigKey<Boolean> OVERRIDE_CHARSET = ConfigKey.of("override_charset", false);
    private static final CharsetSetting OFF = new CharsetSetting("off", null);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("charset").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(CHARSET, d.arg(0).equals("off") ? OFF : setting(d, ctx), d)));
        r.add(DirectiveSpec.named("source_charset").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(SOURCE_CHARSET, setting(d, ctx), d)));
        r.add(DirectiveSpec.named("override_charset").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(OVERRIDE_CHARSET, ConfigValues.flag(d, ctx), d)));
        r.add(DirectiveSpec.named("charset_types").in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY)
                .handle(CharsetModule::types));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        CharsetSetting charset = settings.get(CHARSET);
        if (charset == null || charset == OFF) {
            return;
        }
        CharsetSetting source = settings.get(SOURCE_CHARSET);
        if (source != null && source.isConstant() && charset.isConstant() && !source.name().equalsIgnoreCase(charset.name())) {
            // nginx checks at start-up that every such pair has a charset_map; Pier has none
            throw new ConfigException("no \"charset_map\" between the charsets \"" + source.name() + "\" and \"" + charset.name() + "\"");
        }
        plan.headerFilter(new CharsetFilter(charset, source, settings.get(TYPES)));
    }

    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        install(plan, serverSettings);
    }

    private static CharsetSetting setting(ConfigDirective d, LoadContext ctx) {
        try {
            return CharsetSetting.parse(d.arg(0));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    private static void types(ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(TYPES)) {
            throw ctx.duplicate(d);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < d.argCount(); i++) {
            values.add(d.arg(i));
        }
        ctx.settings().set(TYPES, CharsetTypes.of(values));
    }
}

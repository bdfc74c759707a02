package dev.pier.http.map;

import static dev.pier.config.Context.HTTP;

import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpModule;
import dev.pier.variables.Template;
import java.util.List;

/** {@code split_clients "key" $variable { 0.5% a; 20% b; * c; }}: A/B buckets by the MurmurHash2 of the key. */
public final class SplitClientsModule implements HttpModule {
    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("split_clients").in(HTTP).args(2).block().handle(SplitClientsModule::splitClients));
    }

    private static void splitClients(ConfigDirective d, LoadContext ctx) {
        Template key;
        try {
            key = Template.compile(d.arg(0));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
        String name = ComputedVariables.name(d, d.arg(1), ctx);
        SplitClients.Builder parts = new SplitClients.Builder();
        ConfigDirective lastEntry = d;
        for (ConfigDirective entry : d.block()) {
            List<String> words = ComputedVariables.words(entry, ctx);
            // nginx reads the first two words and checks no count; a lone percentage gets an empty value here
            String value = words.size() > 1 ? words.get(1) : "";
            if (!parts.add(words.get(0), value)) {
                throw ctx.error("invalid percent value \"" + words.get(0) + "\"", entry);
            }
            lastEntry = entry;
        }
        SplitClients variable = parts.build(key);
        if (variable == null) {
            // nginx checks the total after the block and names the line of its closing brace; Pier names the last part
            throw ctx.error("percent total is greater than 100%", lastEntry);
        }
        ComputedVariables.define(d, name, variable, true, ctx);
    }
}

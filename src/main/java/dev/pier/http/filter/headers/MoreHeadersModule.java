package dev.pier.http.filter.headers;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
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
 * The headers-more module's output directives, {@code more_set_headers} and {@code more_clear_headers}
 * ({@code [-s 'codes']... [-t 'types']... 'Name: value'...}): on every status unless {@code -s} says
 * otherwise; the outer levels' commands run before a level's own. Registered before {@code expires} and
 * {@code add_header}, whose filter runs after this module's in nginx.
 */
public final class MoreHeadersModule implements HttpModule {
    static final ConfigKey<List<MoreHeadersCommand>> COMMANDS = ConfigKey.combined("more_set_headers", null, (outer, own) -> {
        List<MoreHeadersCommand> all = new ArrayList<>(outer);
        all.addAll(own);
        return all;
    });

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("more_set_headers").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1, DirectiveSpec.MANY)
                .handle((d, ctx) -> parse(d, ctx, false)));
        r.add(DirectiveSpec.named("more_clear_headers").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION).args(1, DirectiveSpec.MANY)
                .handle((d, ctx) -> parse(d, ctx, true)));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        List<MoreHeadersCommand> commands = settings.get(COMMANDS);
        if (commands != null && !commands.isEmpty()) {
            plan.headerFilter(new MoreHeadersFilter(commands));
        }
    }

    @Override public void installServer(LocationPlan.Builder plan, Settings serverSettings) {
        install(plan, serverSettings);
    }

    /** ngx_http_headers_more_parse_directive: options and headers in any order, empty arguments skipped. */
    private static void parse(ConfigDirective d, LoadContext ctx, boolean clear) {
        List<Integer> statuses = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<HeaderEdit> edits = new ArrayList<>();
        for (int i = 0; i < d.argCount(); i++) {
            String arg = d.arg(i);
            if (arg.isEmpty()) {
                continue;
            }
            if (arg.charAt(0) != '-') {
                HeaderEdit edit = header(d, ctx, arg, clear);
                if (edit != null) {
                    edits.add(edit);
                }
                continue;
            }
            if (arg.equals("-t") || arg.equals("-s")) {
                if (i == d.argCount() - 1) {
                    throw ctx.error(d.name() + ": option " + arg + " takes an argument.", d);
                }
                String list = d.arg(++i);
                if (arg.equals("-t")) {
                    types.addAll(words(list));
                } else {
                    for (String w : words(list)) {
                        for (char c : w.toCharArray()) {
                            if (c < '0' || c > '9') {
                                throw ctx.error(d.name() + ": invalid digit \"" + c + "\" found in the status code list \"" + list + "\"", d);
                            }
                        }
                        statuses.add(w.length() > 9 ? -1 : Integer.parseInt(w));
                    }
                }
                continue;
            }
            throw ctx.error(d.name() + ": invalid option name: \"" + arg + "\"", d);
        }
        MoreHeadersCommand command = new MoreHeadersCommand(
                statuses.isEmpty() ? null : statuses.stream().mapToInt(Integer::intValue).toArray(),
                types.isEmpty() ? null : types.toArray(new String[0]), edits.toArray(new HeaderEdit[0]));
        List<MoreHeadersCommand> own = ctx.settings().isSet(COMMANDS) ? ctx.settings().get(COMMANDS) : new ArrayList<>();
        ctx.settings().set(COMMANDS, own);
        own.add(command);
    }

    /** ngx_http_headers_more_parse_header: the key runs to ':' or a space; the value starts after them. Null: ignored. */
    private static HeaderEdit header(ConfigDirective d, LoadContext ctx, String raw, boolean clear) {
        int i = 0;
        while (i < raw.length() && Character.isWhitespace(raw.charAt(i))) {
            i++;
        }
        int keyStart = i;
        // the first character of the key is taken as is, even a ':'
        if (i < raw.length()) {
            i++;
        }
        while (i < raw.length() && raw.charAt(i) != ':' && !Character.isWhitespace(raw.charAt(i))) {
            i++;
        }
        String key = raw.substring(keyStart, i);
        if (key.isEmpty()) {
            throw ctx.error(d.name() + ": no key found in the header argument: " + raw, d);
        }
        boolean wildcard = key.endsWith("*");
        if (wildcard && key.length() < 2) {
            throw ctx.error(d.name() + ": wildcard key to short: " + raw, d);
        }
        while (i < raw.length() && (raw.charAt(i) == ':' || Character.isWhitespace(raw.charAt(i)))) {
            i++;
        }
        String value = raw.substring(i);
        if (key.equalsIgnoreCase("Content-Length")) {
            ctx.warn(d.name() + ": \"Content-Length\" frames Pier's responses and is left as it is", d);
            return null;
        }
        if (clear || value.isEmpty()) {
            return new HeaderEdit(key, wildcard, null);
        }
        try {
            return new HeaderEdit(key, wildcard, Template.compile(value));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    private static List<String> words(String list) {
        List<String> out = new ArrayList<>();
        for (String w : list.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}

package dev.pier.upstream.health;

import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.Pcre;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code match} block: the tests a health check response must pass, all of them. Built at load; a probe
 * asks {@link #firstFailure} once it has the response (and its body's first {@link #BODY_LIMIT} bytes when a
 * body test needs them).
 *
 * @param name the block's name, as the health check's log lines quote it ("" for the default)
 */
public record Match(String name, List<Test> tests) {
    /** nginx Plus examines only the first 256k of a response body. */
    public static final int BODY_LIMIT = 256 * 1024;

    /** No {@code match=}: a 2xx or 3xx status passes. */
    public static final Match DEFAULT = new Match("", List.of(new StatusTest(false, new int[] {200, 399})));

    public Match {
        tests = List.copyOf(tests);
    }

    /** One test of the block; {@code phase} names it in log lines ("checking status code"). */
    public sealed interface Test permits StatusTest, HeaderTest, BodyTest {
        boolean passes(int status, HttpHeaders headers, CharSequence body);

        String phase();
    }

    /** {@code status [!] code|low-high ...}: bounds in pairs, inclusive. */
    public record StatusTest(boolean negated, int[] ranges) implements Test {
        @Override public boolean passes(int status, HttpHeaders headers, CharSequence body) {
            boolean in = false;
            for (int i = 0; i < ranges.length && !in; i += 2) {
                in = status >= ranges[i] && status <= ranges[i + 1];
            }
            return in != negated;
        }

        @Override public String phase() { return "checking status code"; }
    }

    /** How a {@code header} test compares. */
    public enum HeaderOp { PRESENT, ABSENT, EQUALS, NOT_EQUALS, MATCHES, NOT_MATCHES }

    /**
     * {@code header Name [= | != | ~ | !~ value]} or {@code header ! Name}: the comparisons need the header
     * present (nginx Plus: "header contains ... with value other than"), and any of its lines may satisfy them.
     */
    public record HeaderTest(String header, HeaderOp op, String value, Pattern regex) implements Test {
        @Override public boolean passes(int status, HttpHeaders headers, CharSequence body) {
            List<String> values = headers.getAll(header);
            return switch (op) {
                case PRESENT -> !values.isEmpty();
                case ABSENT -> values.isEmpty();
                case EQUALS -> values.stream().anyMatch(value::equals);
                case NOT_EQUALS -> values.stream().anyMatch(v -> !v.equals(value));
                case MATCHES -> values.stream().anyMatch(v -> regex.matcher(v).find());
                case NOT_MATCHES -> values.stream().anyMatch(v -> !regex.matcher(v).find());
            };
        }

        @Override public String phase() { return "checking header"; }
    }

    /** {@code body ~ regex} or {@code body !~ regex}, over the body's first 256k read as ISO-8859-1 (bytes as chars). */
    public record BodyTest(boolean negated, Pattern regex) implements Test {
        @Override public boolean passes(int status, HttpHeaders headers, CharSequence body) {
            return regex.matcher(body).find() != negated;
        }

        @Override public String phase() { return "checking body"; }
    }

    /** Whether a probe must read the body before deciding. */
    public boolean needsBody() {
        return tests.stream().anyMatch(t -> t instanceof BodyTest);
    }

    /** The first test the response fails, or null when it passes all. */
    public Test firstFailure(int status, HttpHeaders headers, CharSequence body) {
        for (Test t : tests) {
            if (!t.passes(status, headers, body)) {
                return t;
            }
        }
        return null;
    }

    /** The phase a passing response was last checked in, for the "peer is healthy while ..." line. */
    public String lastPhase() {
        return tests.isEmpty() ? "checking status code" : tests.get(tests.size() - 1).phase();
    }

    /** Parses {@code match name { ... }}, with nginx's wording for each mistake. */
    static Match parse(ConfigDirective d, LoadContext ctx) {
        List<Test> tests = new ArrayList<>();
        for (ConfigDirective entry : d.block()) {
            if (entry.isFailure()) {
                throw entry.failure();
            }
            if (entry.isBlock()) {
                throw ctx.error("unexpected \"{\"", entry);
            }
            tests.add(switch (entry.name()) {
                case "status" -> status(entry, ctx);
                case "header" -> header(entry, ctx);
                case "body" -> body(entry, ctx);
                default -> throw ctx.error("unknown directive \"" + entry.name() + "\"", entry);
            });
        }
        return new Match(d.arg(0), tests);
    }

    private static StatusTest status(ConfigDirective e, LoadContext ctx) {
        List<String> args = e.args();
        boolean negated = !args.isEmpty() && args.get(0).equals("!");
        List<String> codes = negated ? args.subList(1, args.size()) : args;
        if (codes.isEmpty()) {
            throw arguments(e, ctx);
        }
        int[] ranges = new int[codes.size() * 2];
        for (int i = 0; i < codes.size(); i++) {
            String c = codes.get(i);
            int dash = c.indexOf('-');
            int low = code(dash < 0 ? c : c.substring(0, dash));
            int high = dash < 0 ? low : code(c.substring(dash + 1));
            if (low < 0 || high < 0 || high < low) {
                throw ctx.error("invalid status \"" + c + "\"", e);
            }
            ranges[2 * i] = low;
            ranges[2 * i + 1] = high;
        }
        return new StatusTest(negated, ranges);
    }

    /** A status code 100..599, or -1. */
    private static int code(String s) {
        if (s.length() != 3) {
            return -1;
        }
        long n = dev.pier.config.ConfigValues.number(s);
        return n >= 100 && n <= 599 ? (int) n : -1;
    }

    private static HeaderTest header(ConfigDirective e, LoadContext ctx) {
        List<String> a = e.args();
        if (a.size() == 1 && !a.get(0).equals("!")) {
            return new HeaderTest(a.get(0), HeaderOp.PRESENT, null, null);
        }
        if (a.size() == 2 && a.get(0).equals("!")) {
            return new HeaderTest(a.get(1), HeaderOp.ABSENT, null, null);
        }
        if (a.size() != 3) {
            throw arguments(e, ctx);
        }
        String name = a.get(0);
        String value = a.get(2);
        return switch (a.get(1)) {
            case "=" -> new HeaderTest(name, HeaderOp.EQUALS, value, null);
            case "!=" -> new HeaderTest(name, HeaderOp.NOT_EQUALS, value, null);
            case "~" -> new HeaderTest(name, HeaderOp.MATCHES, value, regex(value, e, ctx));
            case "!~" -> new HeaderTest(name, HeaderOp.NOT_MATCHES, value, regex(value, e, ctx));
            default -> throw ctx.error("invalid parameter \"" + a.get(1) + "\"", e);
        };
    }

    private static BodyTest body(ConfigDirective e, LoadContext ctx) {
        if (e.argCount() != 2) {
            throw arguments(e, ctx);
        }
        return switch (e.arg(0)) {
            case "~" -> new BodyTest(false, regex(e.arg(1), e, ctx));
            case "!~" -> new BodyTest(true, regex(e.arg(1), e, ctx));
            default -> throw ctx.error("invalid parameter \"" + e.arg(0) + "\"", e);
        };
    }

    private static Pattern regex(String text, ConfigDirective e, LoadContext ctx) {
        try {
            return Pcre.compile(text, false);
        } catch (IllegalArgumentException x) {
            throw ctx.error(x.getMessage(), e);
        }
    }

    private static RuntimeException arguments(ConfigDirective e, LoadContext ctx) {
        return ctx.error("invalid number of arguments in \"" + e.name() + "\" directive", e);
    }
}

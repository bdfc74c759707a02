package dev.pier.upstream;

import dev.pier.config.ConfigValues;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import java.util.List;

/**
 * {@code circuit_breaker [errors=N%|off] [latency=TIME] [percentile=N] [window=TIME] [min_requests=N] [open=TIME]
 * [probes=N];} with the defaults of {@link CircuitBreaker.Spec#DEFAULT} (errors=50% window=10s min_requests=20
 * open=30s probes=3, no latency threshold).
 */
final class CircuitBreakerParser {
    private CircuitBreakerParser() { }

    static CircuitBreaker.Spec parse(ConfigDirective d, LoadContext ctx, List<String> args) {
        CircuitBreaker.Spec s = CircuitBreaker.Spec.DEFAULT;
        int errors = s.errorsPercent();
        long latency = s.latencyNanos();
        int percentile = s.percentile();
        long window = s.windowNanos();
        int minRequests = s.minRequests();
        long open = s.openNanos();
        int probes = s.probes();
        for (String a : args) {
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            String value = eq < 0 ? "" : a.substring(eq + 1);
            switch (eq < 0 ? "" : name) {
                case "errors" -> {
                    if (value.equals("off")) {
                        errors = 101;
                    } else {
                        long n = value.endsWith("%") ? ConfigValues.number(value.substring(0, value.length() - 1)) : -1;
                        if (n < 1 || n > 100) {
                            throw invalid(a, d, ctx);
                        }
                        errors = (int) n;
                    }
                }
                case "latency" -> latency = nanos(value, a, d, ctx, true);
                case "percentile" -> {
                    long n = ConfigValues.number(value);
                    if (n < 1 || n > 99) {
                        throw invalid(a, d, ctx);
                    }
                    percentile = (int) n;
                }
                case "window" -> window = nanos(value, a, d, ctx, false);
                case "open" -> open = nanos(value, a, d, ctx, false);
                case "min_requests" -> minRequests = (int) count(value, a, d, ctx);
                case "probes" -> probes = (int) count(value, a, d, ctx);
                default -> throw invalid(a, d, ctx);
            }
        }
        if (percentile > 0 && latency == 0) {
            throw ctx.error("\"percentile\" needs \"latency\" in \"circuit_breaker\" directive", d);
        }
        return new CircuitBreaker.Spec(errors, latency, percentile, window, minRequests, open, probes);
    }

    private static long nanos(String value, String arg, ConfigDirective d, LoadContext ctx, boolean zeroAllowed) {
        long ms = ConfigValues.millis(value);
        if (ms < 0 || (ms == 0 && !zeroAllowed)) {
            throw invalid(arg, d, ctx);
        }
        return ms * 1_000_000L;
    }

    private static long count(String value, String arg, ConfigDirective d, LoadContext ctx) {
        long n = ConfigValues.number(value);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw invalid(arg, d, ctx);
        }
        return n;
    }

    private static RuntimeException invalid(String arg, ConfigDirective d, LoadContext ctx) {
        return ctx.error("invalid parameter \"" + arg + "\"", d);
    }
}

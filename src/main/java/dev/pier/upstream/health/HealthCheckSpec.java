package dev.pier.upstream.health;

import dev.pier.config.ConfigValues;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;

/**
 * One {@code health_check} line as written: how often to probe, how many results flip a peer, what to ask
 * for and what to accept.
 *
 * @param intervalMillis time between the end of one probe of a peer and the start of the next
 * @param jitterMillis each probe is delayed by a random time up to this
 * @param fails consecutive failed probes that make a peer unhealthy
 * @param passes consecutive passed probes that make an unhealthy peer healthy
 * @param uri the request target of a probe
 * @param match the {@code match} block's name, or null for the default test (2xx or 3xx)
 * @param port the port to probe instead of the peer's own, or 0
 * @param mandatory peers start in the "checking" state, out of rotation until their first probe passes
 * @param persistent with mandatory: a peer healthy before a reload starts healthy after it
 */
public record HealthCheckSpec(long intervalMillis, long jitterMillis, int fails, int passes, String uri, String match,
                              int port, boolean mandatory, boolean persistent) {
    /** {@code health_check;} with every default. */
    public static final HealthCheckSpec DEFAULTS = new HealthCheckSpec(5000, 0, 1, 1, "/", null, 0, false, false);

    public HealthCheckSpec {
        if (intervalMillis <= 0 || jitterMillis < 0 || fails < 1 || passes < 1 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("health check: interval, fails and passes must be positive, jitter non-negative, port 0..65535");
        }
        if (persistent && !mandatory) {
            throw new IllegalArgumentException("health check: persistent needs mandatory");
        }
    }

    public HealthCheckSpec withInterval(long millis) {
        return new HealthCheckSpec(millis, jitterMillis, fails, passes, uri, match, port, mandatory, persistent);
    }

    public HealthCheckSpec withCounts(int newFails, int newPasses) {
        return new HealthCheckSpec(intervalMillis, jitterMillis, newFails, newPasses, uri, match, port, mandatory, persistent);
    }

    public HealthCheckSpec withUri(String newUri) {
        return new HealthCheckSpec(intervalMillis, jitterMillis, fails, passes, newUri, match, port, mandatory, persistent);
    }

    public HealthCheckSpec withPort(int newPort) {
        return new HealthCheckSpec(intervalMillis, jitterMillis, fails, passes, uri, match, newPort, mandatory, persistent);
    }

    public HealthCheckSpec withMandatory(boolean newMandatory, boolean newPersistent) {
        return new HealthCheckSpec(intervalMillis, jitterMillis, fails, passes, uri, match, port, newMandatory, newPersistent);
    }

    /**
     * Parses the parameters of {@code health_check}. Each bad one is {@code invalid parameter "x"}, as nginx
     * words a parameter of {@code server} it cannot take; {@code persistent} is only valid with
     * {@code mandatory}.
     */
    static HealthCheckSpec parse(ConfigDirective d, LoadContext ctx) {
        long interval = 5000;
        long jitter = 0;
        int fails = 1;
        int passes = 1;
        String uri = "/";
        String match = null;
        int port = 0;
        boolean mandatory = false;
        boolean persistent = false;
        for (String a : d.args()) {
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq);
            String value = eq < 0 ? null : a.substring(eq + 1);
            long n;
            switch (eq < 0 ? "" : key) {
                case "interval" -> { interval = ConfigValues.millis(value); n = interval > 0 ? 1 : -1; }
                case "jitter" -> { jitter = ConfigValues.millis(value); n = jitter; }
                case "fails" -> { n = ConfigValues.number(value); fails = (int) Math.min(n, Integer.MAX_VALUE); n = n > 0 ? n : -1; }
                case "passes" -> { n = ConfigValues.number(value); passes = (int) Math.min(n, Integer.MAX_VALUE); n = n > 0 ? n : -1; }
                case "uri" -> { uri = value; n = value.isEmpty() ? -1 : 1; }
                case "match" -> { match = value; n = value.isEmpty() ? -1 : 1; }
                case "port" -> { n = ConfigValues.number(value); port = (int) n; n = n >= 1 && n <= 65535 ? n : -1; }
                default -> {
                    if (a.equals("mandatory")) {
                        mandatory = true;
                        n = 1;
                    } else if (a.equals("persistent")) {
                        persistent = true;
                        n = 1;
                    } else {
                        n = -1;
                    }
                }
            }
            if (n < 0) {
                throw ctx.error("invalid parameter \"" + a + "\"", d);
            }
        }
        if (persistent && !mandatory) {
            throw ctx.error("invalid parameter \"persistent\"", d);
        }
        return new HealthCheckSpec(interval, jitter, fails, passes, uri, match, port, mandatory, persistent);
    }
}

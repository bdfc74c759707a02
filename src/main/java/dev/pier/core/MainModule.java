package dev.pier.core;

import static dev.pier.config.Context.EVENTS;
import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.MAIN;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.PierModule;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigException;
import dev.pier.config.syntax.ConfigDirective;

/**
 * The main context: {@code worker_processes} (event loop threads), {@code pid}, {@code error_log},
 * {@code daemon}, {@code events { ... }} and the process-tuning directives nginx configs carry.
 */
public final class MainModule implements PierModule {
    /** Event loop threads; 0 means auto (one per core). nginx's default is 1, and so is Pier's. */
    public static final ConfigKey<Integer> WORKER_PROCESSES = ConfigKey.of("worker_processes", 1);
    public static final ConfigKey<String> PID = ConfigKey.of("pid", "logs/pier.pid");
    public static final ConfigKey<ErrorLogSpec> ERROR_LOG = ConfigKey.of("error_log", ErrorLogSpec.DEFAULT);
    /** Every {@code error_log} line of the main level: nginx writes to all of them. */
    public static final ConfigKey<java.util.List<ErrorLogSpec>> ERROR_LOGS = ConfigKey.of("error_log.all", java.util.List.of(ErrorLogSpec.DEFAULT));
    /** The log of an http, server or location level's {@code error_log} lines, for messages about requests there; null: the main one. */
    public static final ConfigKey<ErrorLog> REQUEST_ERROR_LOG = ConfigKey.of("error_log.request", null);
    /** The {@code error_log} lines of one http/server/location level while it loads. */
    private static final ConfigKey<java.util.List<ErrorLogSpec>> LEVEL_ERROR_LOGS = ConfigKey.local("error_log.level", null);
    public static final ConfigKey<Integer> WORKER_CONNECTIONS = ConfigKey.of("worker_connections", 512);
    /** How long a graceful quit waits for connections before closing them; -1 (nginx's default) waits for ever. */
    public static final ConfigKey<Long> WORKER_SHUTDOWN_TIMEOUT = ConfigKey.of("worker_shutdown_timeout", -1L);
    /** Set by the {@code events} block, which nginx requires exactly once. */
    private static final ConfigKey<Boolean> EVENTS_BLOCK = ConfigKey.of("events", false);

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("worker_processes").in(MAIN).args(1).handle(MainModule::workerProcesses));
        r.add(DirectiveSpec.named("pid").in(MAIN).args(1).handle((d, ctx) -> ctx.setOnce(PID, d.arg(0), d)));
        r.add(DirectiveSpec.named("error_log").in(MAIN, HTTP, SERVER, LOCATION).args(1, 2).handle(MainModule::errorLog));
        r.add(DirectiveSpec.named("daemon").in(MAIN).args(1).handle((d, ctx) -> {
            if (ConfigValues.flag(d, ctx)) {
                ctx.warn("\"daemon on\" is ignored: pier always runs in the foreground", d);
            }
        }));
        r.add(DirectiveSpec.named("master_process").in(MAIN).args(1).handle((d, ctx) -> ConfigValues.flag(d, ctx)));
        r.add(DirectiveSpec.named("user").in(MAIN).args(1, 2)
                .warns("the \"user\" directive is ignored: pier runs as the user that starts it"));
        for (String name : new String[] {"worker_rlimit_nofile", "worker_priority", "worker_cpu_affinity",
                "pcre_jit", "timer_resolution", "working_directory", "worker_rlimit_core", "lock_file", "thread_pool", "env",
                "ssl_engine", "debug_points"}) {
            r.add(DirectiveSpec.named(name).in(MAIN).args(1, DirectiveSpec.MANY).accepted());
        }
        r.add(DirectiveSpec.named("worker_shutdown_timeout").in(MAIN).args(1)
                .handle((d, ctx) -> ctx.setOnce(WORKER_SHUTDOWN_TIMEOUT, ConfigValues.millis(d, 0, ctx), d)));
        r.add(DirectiveSpec.named("load_module").in(MAIN).args(1)
                .warns("\"load_module\" is ignored: pier's modules are built in"));
        r.add(DirectiveSpec.named("events").in(MAIN).args(0).block().handle(MainModule::events));
        r.add(DirectiveSpec.named("worker_connections").in(EVENTS).args(1).handle((d, ctx) -> {
            // ngx_conf_set_num_slot: any integer passes the parse, the event module then wants at least 1
            long n = ConfigValues.number(d.arg(0));
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw ctx.error("invalid number \"" + d.arg(0) + "\"", d);
            }
            ctx.setOnce(WORKER_CONNECTIONS, (int) Math.max(n, 1), d);
        }));
        r.add(DirectiveSpec.named("use").in(EVENTS).args(1).accepted());
        r.add(DirectiveSpec.named("multi_accept").in(EVENTS).args(1).handle((d, ctx) -> ConfigValues.flag(d, ctx)));
        r.add(DirectiveSpec.named("accept_mutex").in(EVENTS).args(1).handle((d, ctx) -> ConfigValues.flag(d, ctx)));
        r.add(DirectiveSpec.named("accept_mutex_delay").in(EVENTS).args(1).accepted());
        r.add(DirectiveSpec.named("worker_aio_requests").in(EVENTS).args(1).accepted());
        r.add(DirectiveSpec.named("debug_connection").in(EVENTS).args(1).accepted());
    }

    /** What nginx checks once the main context is read: an {@code events} block is required. */
    public static void checkComplete(Settings main) {
        if (!main.get(EVENTS_BLOCK)) {
            throw new ConfigException("no \"events\" section in configuration");
        }
    }

    private static void workerProcesses(ConfigDirective d, LoadContext ctx) {
        String v = d.arg(0);
        int n;
        if (v.equals("auto")) {
            n = 0;
        } else {
            long parsed = ConfigValues.number(v);
            if (parsed < 0 || parsed > 1024) {
                throw ctx.error("\"worker_processes\" directive invalid value", d);
            }
            // nginx accepts 0 (a master without workers); Pier still needs one event loop to serve
            n = (int) Math.max(parsed, 1);
        }
        ctx.setOnce(WORKER_PROCESSES, n, d);
    }

    private static void errorLog(ConfigDirective d, LoadContext ctx) {
        ErrorLogSpec spec = ErrorLogSpec.parse(d, ctx);
        // several error_log lines at one level are allowed by nginx, and every one gets the lines
        if (ctx.context() == MAIN) {
            if (!ctx.settings().isSet(ERROR_LOG)) {
                ctx.settings().set(ERROR_LOG, spec);
            }
            ctx.settings().set(ERROR_LOGS, with(ctx.settings().isSet(ERROR_LOGS) ? ctx.settings().get(ERROR_LOGS) : java.util.List.of(), spec));
            return;
        }
        java.util.List<ErrorLogSpec> level = with(ctx.settings().isSet(LEVEL_ERROR_LOGS) ? ctx.settings().get(LEVEL_ERROR_LOGS)
                : java.util.List.of(), spec);
        ctx.settings().set(LEVEL_ERROR_LOGS, level);
        try {
            // opened on the first line, not at load: loading (or -t) leaves no files behind
            ctx.settings().set(REQUEST_ERROR_LOG, ErrorLog.of(level, ctx.prefix(), false));
        } catch (java.io.IOException e) {
            throw ctx.error("open() \"" + ctx.prefix().resolve(spec.target()) + "\" failed (" + Errno.describe(e) + ")", d);
        }
    }

    private static java.util.List<ErrorLogSpec> with(java.util.List<ErrorLogSpec> list, ErrorLogSpec spec) {
        java.util.List<ErrorLogSpec> more = new java.util.ArrayList<>(list);
        more.add(spec);
        return java.util.List.copyOf(more);
    }

    private static void events(ConfigDirective d, LoadContext ctx) {
        ctx.setOnce(EVENTS_BLOCK, true, d);
        ctx.loadBlock(d.block(), EVENTS, ctx.settings(), null);
    }
}

package dev.pier.log;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.LIMIT_EXCEPT;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpModule;
import dev.pier.variables.Template;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code log_format}, {@code access_log} and {@code open_log_file_cache} (nginx's ngx_http_log_module).
 * Formats are compiled and files named at load; the log phase ({@link AccessLogPhase}) renders a line per
 * log when a request ends and hands it to the {@link LogWriter}.
 */
public final class AccessLogModule implements HttpModule {
    /** The access logs of a level; null where no level up to http names any (then the default applies). */
    static final ConfigKey<AccessLogList> ACCESS_LOG = ConfigKey.of("access_log", null);
    /** {@code log_subrequest}: whether subrequests (a mirror's) are written to the access log. */
    public static final ConfigKey<Boolean> LOG_SUBREQUEST = ConfigKey.of("log_subrequest", false);
    /** nginx's predefined {@code combined}; compiled when the module list is built, outside any load. */
    static final LogFormat COMBINED = LogFormat.compile("combined", LogEscape.DEFAULT, LogFormat.COMBINED_TEXT);
    private static final ConfigKey<Boolean> OPEN_LOG_FILE_CACHE = ConfigKey.local("open_log_file_cache", false);
    /** nginx's default buffer for gzip without buffer=. */
    private static final int GZIP_BUFFER = 64 * 1024;

    /** The formats of one load, by name ({@code combined} included). */
    static final class Formats {
        final Map<String, LogFormat> byName = new HashMap<>(Map.of("combined", COMBINED));
        /** Buffer parameters of each buffered file: nginx keeps one buffer per file, so they must agree. */
        final Map<Path, List<Long>> buffered = new HashMap<>();
    }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("log_format").in(HTTP).args(2, DirectiveSpec.MANY).handle(AccessLogModule::logFormat));
        r.add(DirectiveSpec.named("access_log").in(HTTP, SERVER, LOCATION, IF_IN_LOCATION, LIMIT_EXCEPT).args(1, DirectiveSpec.MANY)
                .handle(AccessLogModule::accessLog));
        r.add(DirectiveSpec.named("log_subrequest").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(LOG_SUBREQUEST, ConfigValues.flag(d, ctx), d)));
        r.add(DirectiveSpec.named("open_log_file_cache").in(HTTP, SERVER, LOCATION).args(1, 4).handle(AccessLogModule::openLogFileCache));
    }

    private static Formats formats(LoadContext ctx) {
        Formats f = ctx.result().get(Formats.class);
        if (f == null) {
            f = new Formats();
            ctx.result().put(Formats.class, f);
        }
        return f;
    }

    private static void logFormat(ConfigDirective d, LoadContext ctx) {
        String name = d.arg(0);
        Formats formats = formats(ctx);
        if (formats.byName.containsKey(name)) {
            throw ctx.error("duplicate \"log_format\" name \"" + name + "\"", d);
        }
        int first = 1;
        LogEscape escape = LogEscape.DEFAULT;
        if (d.arg(1).startsWith("escape=")) {
            escape = LogEscape.byName(d.arg(1).substring(7));
            if (escape == null) {
                throw ctx.error("unknown log format escaping \"" + d.arg(1).substring(7) + "\"", d);
            }
            first = 2;
        }
        StringBuilder text = new StringBuilder();
        for (int i = first; i < d.argCount(); i++) {
            text.append(d.arg(i));
        }
        try {
            formats.byName.put(name, LogFormat.compile(name, escape, text.toString()));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    private static void accessLog(ConfigDirective d, LoadContext ctx) {
        AccessLogList level = ctx.settings().isSet(ACCESS_LOG) ? ctx.settings().get(ACCESS_LOG) : new AccessLogList(false, List.of());
        if (d.arg(0).equals("off")) {
            if (d.argCount() > 1) {
                throw ctx.error("invalid parameter \"" + d.arg(1) + "\"", d);
            }
            ctx.settings().set(ACCESS_LOG, level.turnedOff());
            return;
        }
        ctx.settings().set(ACCESS_LOG, level.with(parse(d, ctx)));
    }

    private static AccessLog parse(ConfigDirective d, LoadContext ctx) {
        String target = d.arg(0);
        String formatName = d.argCount() > 1 ? d.arg(1) : "combined";
        LogFormat format = formats(ctx).byName.get(formatName);
        if (format == null) {
            throw ctx.error("unknown log format \"" + formatName + "\"", d);
        }
        long buffer = -1;
        long flush = -1;
        int gzip = 0;
        Template condition = null;
        for (int i = 2; i < d.argCount(); i++) {
            String p = d.arg(i);
            if (p.startsWith("buffer=")) {
                buffer = ConfigValues.size(p.substring(7));
                if (buffer <= 0 || buffer > Integer.MAX_VALUE) {
                    throw ctx.error("invalid buffer size \"" + p.substring(7) + "\"", d);
                }
            } else if (p.startsWith("flush=")) {
                flush = ConfigValues.millis(p.substring(6));
                if (flush <= 0) {
                    throw ctx.error("invalid flush time \"" + p.substring(6) + "\"", d);
                }
            } else if (p.equals("gzip") || p.startsWith("gzip=")) {
                gzip = 1;
                if (p.length() > 4) {
                    long level = p.charAt(4) == '=' ? ConfigValues.number(p.substring(5)) : -1;
                    if (level < 1 || level > 9) {
                        throw ctx.error("invalid compression level \"" + p.substring(5) + "\"", d);
                    }
                    gzip = (int) level;
                }
            } else if (p.startsWith("if=")) {
                condition = template(p.substring(3), d, ctx);
            } else {
                throw ctx.error("invalid parameter \"" + p + "\"", d);
            }
        }
        if (flush > 0 && buffer < 0 && gzip == 0) {
            throw ctx.error("no buffer is defined for access_log \"" + target + "\"", d);
        }
        if (gzip > 0 && buffer < 0) {
            buffer = GZIP_BUFFER;
        }
        if (Syslog.isSyslog(target)) {
            try {
                return new AccessLog(Syslog.parse(target).sink(), null, format, condition);
            } catch (IllegalArgumentException e) {
                throw ctx.error(e.getMessage(), d);
            }
        }
        Template path = template(target, d, ctx);
        if (!path.isConstant()) {
            if (buffer > 0) {
                throw ctx.error("buffered logs cannot have variables in name", d);
            }
            return new AccessLog(AccessLogs.variablePath(ctx.prefix()), path, format, condition);
        }
        Path file = ctx.prefix().resolve(Path.of(target)).toAbsolutePath().normalize();
        if (buffer > 0) {
            List<Long> params = List.of(buffer, flush, (long) gzip);
            List<Long> before = formats(ctx).buffered.putIfAbsent(file, params);
            if (before != null && !before.equals(params)) {
                throw ctx.error("access_log \"" + target + "\" already defined with conflicting parameters", d);
            }
        }
        FileSink sink = AccessLogs.file(file, (int) Math.max(buffer, 0), TimeUnit.MILLISECONDS.toNanos(Math.max(flush, 0)), gzip);
        return new AccessLog(sink, null, format, condition);
    }

    /**
     * nginx opens its log files once the configuration is read and refuses to start when one cannot be
     * (without a line number). Pier opens them on the writer thread, so when the http block is built it
     * checks what makes that fail most often, a missing directory, without creating anything at load.
     */
    @Override public void install(dev.pier.http.LocationPlan.Builder plan, dev.pier.config.Settings settings) {
        AccessLogList logs = settings.get(ACCESS_LOG);
        if (logs != null) {
            for (AccessLog log : logs.logs()) {
                if (log.sink() instanceof FileSink file) {
                    requireDirectory(file.path());
                }
            }
        }
    }

    private static void requireDirectory(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
            throw new dev.pier.config.syntax.ConfigException("open() \"" + file.toAbsolutePath().normalize()
                    + "\" failed (2: No such file or directory)");
        }
    }

    private static Template template(String text, ConfigDirective d, LoadContext ctx) {
        try {
            return Template.compile(text);
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    /**
     * {@code open_log_file_cache max=N [inactive=time] [min_uses=N] [valid=time] | off}: checked as nginx does and
     * otherwise not needed: a log file stays open on the writer thread, and files named with variables are kept
     * open (the 64 most recent) anyway.
     */
    private static void openLogFileCache(ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(OPEN_LOG_FILE_CACHE)) {
            throw ctx.duplicate(d);
        }
        ctx.settings().set(OPEN_LOG_FILE_CACHE, true);
        if (d.argCount() == 1 && d.arg(0).equals("off")) {
            return;
        }
        boolean max = false;
        for (int i = 0; i < d.argCount(); i++) {
            String p = d.arg(i);
            boolean ok;
            if (p.startsWith("max=")) {
                ok = ConfigValues.number(p.substring(4)) > 0;
                max = ok;
            } else if (p.startsWith("inactive=")) {
                ok = ConfigValues.millis(p.substring(9)) >= 0;
            } else if (p.startsWith("min_uses=")) {
                ok = ConfigValues.number(p.substring(9)) >= 0;
            } else if (p.startsWith("valid=")) {
                ok = ConfigValues.millis(p.substring(6)) >= 0;
            } else if (p.equals("off")) {
                ok = false;
            } else {
                ok = false;
            }
            if (!ok) {
                throw ctx.error("invalid \"open_log_file_cache\" parameter \"" + p + "\"", d);
            }
        }
        if (!max) {
            throw ctx.error("\"open_log_file_cache\" must have \"max\" parameter", d);
        }
    }
}

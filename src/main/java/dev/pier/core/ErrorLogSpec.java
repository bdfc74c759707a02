package dev.pier.core;

import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;

/** {@code error_log file|stderr|syslog:... [level]}: where the error log goes and the least severe level it keeps. */
public record ErrorLogSpec(String target, LogLevel level) {
    public static final ErrorLogSpec DEFAULT = new ErrorLogSpec("logs/error.log", LogLevel.ERROR);

    static ErrorLogSpec parse(ConfigDirective d, LoadContext ctx) {
        LogLevel level = LogLevel.ERROR;
        if (d.argCount() == 2) {
            level = LogLevel.byName(d.arg(1));
            if (level == null) {
                throw ctx.error("invalid log level \"" + d.arg(1) + "\"", d);
            }
        }
        if (dev.pier.log.Syslog.isSyslog(d.arg(0))) {
            try {
                dev.pier.log.Syslog.parse(d.arg(0));
            } catch (IllegalArgumentException e) {
                throw ctx.error(e.getMessage(), d);
            }
        }
        return new ErrorLogSpec(d.arg(0), level);
    }
}

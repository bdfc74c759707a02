package dev.pier.log;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;

/**
 * One {@code access_log} line of the configuration: where to (a file, a file name with variables, or
 * syslog), which format, and the {@code if=} condition.
 */
record AccessLog(LogSink sink, Template path, LogFormat format, Template condition) {

    /** Renders and queues the line for {@code ex}, unless the condition is empty or "0". */
    void log(HttpExchange ex, LogWriter writer) {
        if (condition != null) {
            String c = condition.render(ex);
            if (c.isEmpty() || c.equals("0")) {
                return;
            }
        }
        byte[] line = format.render(ex);
        writer.submit(sink, path == null ? null : path.render(ex), line);
    }
}

package dev.pier.log;

import dev.pier.http.HttpCoreModule;
import dev.pier.http.HttpExchange;
import java.nio.file.Path;

/** nginx's log phase: when a request ends, one line per access log of the level that ended it. */
public final class AccessLogPhase {
    /** The default list of the last prefix seen: configurations without access_log share it. */
    private static volatile Object[] defaultFor = {null, null};

    private AccessLogPhase() { }

    public static void run(HttpExchange ex) {
        if (ex.server() == null) {
            return;   // no virtual server for the connection's address: nothing configured to log to
        }
        var settings = ex.settings();
        AccessLogList logs = settings.get(AccessLogModule.ACCESS_LOG);
        if (logs == null) {
            logs = byDefault(settings.get(HttpCoreModule.PREFIX), AccessLogModule.COMBINED);
        }
        if (logs.off()) {
            return;
        }
        LogWriter writer = LogWriter.global();
        for (AccessLog log : logs.logs()) {
            log.log(ex, writer);
        }
    }

    private static AccessLogList byDefault(Path prefix, LogFormat combined) {
        Object[] d = defaultFor;
        if (d[0] == prefix && d[1] instanceof AccessLogList list && list.logs().get(0).format() == combined) {
            return list;
        }
        AccessLogList list = AccessLogs.byDefault(prefix, combined);
        defaultFor = new Object[] {prefix, list};
        return list;
    }
}

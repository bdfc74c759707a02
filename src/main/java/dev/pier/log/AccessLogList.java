package dev.pier.log;

import java.util.List;

/**
 * The access logs of one configuration level. A level with its own {@code access_log} lines replaces what
 * it would inherit; {@code off} at a level turns them all off there, whatever else that level names.
 */
record AccessLogList(boolean off, List<AccessLog> logs) {
    AccessLogList with(AccessLog log) {
        List<AccessLog> more = new java.util.ArrayList<>(logs);
        more.add(log);
        return new AccessLogList(off, List.copyOf(more));
    }

    AccessLogList turnedOff() { return new AccessLogList(true, logs); }
}

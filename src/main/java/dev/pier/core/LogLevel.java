package dev.pier.core;

import java.util.Locale;

/** nginx's error log levels, most severe first. */
public enum LogLevel {
    EMERG, ALERT, CRIT, ERROR, WARN, NOTICE, INFO, DEBUG;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static LogLevel byName(String name) {
        for (LogLevel l : values()) {
            if (l.label().equals(name)) {
                return l;
            }
        }
        return null;
    }

    /** Whether a message at {@code level} is written by a log whose threshold is this level. */
    public boolean allows(LogLevel level) { return level.ordinal() <= ordinal(); }
}

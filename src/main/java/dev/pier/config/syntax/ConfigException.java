package dev.pier.config.syntax;

/**
 * A configuration error, worded as nginx words it, with the file and line it points at:
 * {@code unknown directive "proxy_pas" in /etc/pier/pier.conf:12}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ConfigSource source;
    private final String reason;
    private final String level;

    public ConfigException(String message, ConfigSource source) {
        this(message, source, "emerg");
    }

    /** An error nginx logs at another level than emerg (a failed read is "crit"); it fails the load all the same. */
    public ConfigException(String message, ConfigSource source, String level) {
        super(source == null ? message : message + " in " + source);
        this.source = source;
        this.reason = message;
        this.level = level;
    }

    /** The level nginx logs this error at: "emerg" for almost all. */
    public String level() { return level; }

    public ConfigException(String message) { this(message, null); }

    /** Where the error is, or null when it is not tied to a line (a missing file given on the command line). */
    public ConfigSource source() { return source; }

    /** The message without its location. */
    public String reason() { return reason; }
}

package dev.pier.config.syntax;

/**
 * A configuration error, worded as nginx words it, with the file and line it points at:
 * {@code unknown directive "proxy_pas" in /etc/pier/pier.conf:12}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ConfigSource source;
    private final String reason;

    public ConfigException(String message, ConfigSource source) {
        super(source == null ? message : message + " in " + source);
        this.source = source;
        this.reason = message;
    }

    public ConfigException(String message) { this(message, null); }

    /** Where the error is, or null when it is not tied to a line (a missing file given on the command line). */
    public ConfigSource source() { return source; }

    /** The message without its location. */
    public String reason() { return reason; }
}

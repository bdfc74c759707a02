package dev.pier.http.location;

import dev.pier.config.Settings;
import dev.pier.http.LocationPlan;
import java.util.regex.Pattern;

/**
 * One {@code location} block, merged and frozen: how it matches, its settings (inherited from server and
 * http where it sets nothing itself), the locations nested in it, and the request plan built for it at load.
 */
public final class Location {
    /** nginx's location modifiers. */
    public enum Kind { EXACT, PREFIX, PREFIX_NO_REGEX, REGEX, REGEX_CASELESS, NAMED }

    private final Kind kind;
    private final String pattern;
    private final Pattern regex;
    private final boolean internal;
    private final Settings settings;
    private final LocationTree nested;
    private LocationPlan plan;
    private java.util.Set<String> limitExceptAllows;
    private Location limitExcept;

    public Location(Kind kind, String pattern, boolean internal, Settings settings, LocationTree nested) {
        this.kind = kind;
        this.pattern = pattern;
        this.regex = switch (kind) {
            case REGEX -> Pattern.compile(pattern);
            case REGEX_CASELESS -> Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            default -> null;
        };
        this.internal = internal;
        this.settings = settings;
        this.nested = nested;
    }

    public Kind kind() { return kind; }

    public String pattern() { return pattern; }

    public Pattern regex() { return regex; }

    /** Reachable only by internal redirects ({@code internal;} or a named location). */
    public boolean internal() { return internal || kind == Kind.NAMED; }

    public Settings settings() { return settings; }

    public LocationTree nested() { return nested; }

    public LocationPlan plan() { return plan; }

    /** Set once while the configuration is built, before any request can see this location. */
    public void plan(LocationPlan plan) { this.plan = plan; }

    /** Set while the configuration is built: {@code limit_except}'s methods and the configuration of the others. */
    public void limitExcept(java.util.Set<String> allows, Location others) {
        this.limitExceptAllows = allows;
        this.limitExcept = others;
    }

    /**
     * The configuration a request with {@code method} runs with: the {@code limit_except} block's when the
     * location has one that does not list the method, else this location.
     */
    public Location forMethod(String method) {
        return limitExcept == null || limitExceptAllows.contains(method) ? this : limitExcept;
    }

    @Override public String toString() {
        return switch (kind) {
            case EXACT -> "= " + pattern;
            case PREFIX -> pattern;
            case PREFIX_NO_REGEX -> "^~ " + pattern;
            case REGEX -> "~ " + pattern;
            case REGEX_CASELESS -> "~* " + pattern;
            case NAMED -> pattern;
        };
    }
}

package dev.pier;

/** Pier's version, as the Server header, error pages and {@code -v} show it. */
public final class Version {
    public static final String NUMBER = "0.1.0";
    public static final String NAME = "pier";
    public static final String FULL = NAME + "/" + NUMBER;

    private Version() { }
}

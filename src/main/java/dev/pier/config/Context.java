package dev.pier.config;

/** The blocks a directive may stand in, as nginx's NGX_*_CONF flags. */
public enum Context {
    MAIN("main"),
    EVENTS("events"),
    HTTP("http"),
    SERVER("server"),
    LOCATION("location"),
    IF_IN_SERVER("if"),
    IF_IN_LOCATION("if"),
    LIMIT_EXCEPT("limit_except"),
    TYPES("types"),
    UPSTREAM("upstream");

    private final String blockName;

    Context(String blockName) {
        this.blockName = blockName;
    }

    public String blockName() { return blockName; }
}

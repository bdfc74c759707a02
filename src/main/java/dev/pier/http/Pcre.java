package dev.pier.http;

/** nginx's regexes are PCRE; the few spellings Java's regex lacks are rewritten once, at load. */
public final class Pcre {
    private Pcre() { }

    /** {@code (?P<name>...)} (Python/PCRE style named group) becomes Java's {@code (?<name>...)}. */
    public static String toJava(String pcre) {
        return pcre.replace("(?P<", "(?<");
    }
}

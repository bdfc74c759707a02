package dev.pier.http;

import java.util.Map;
import java.util.regex.MatchResult;

/**
 * The captures of the latest regex, with the named captures of earlier ones still visible: nginx stores a
 * named capture as a variable that lives for the request ($app from a server_name regex is still set after a
 * location regex matched), while $1..$9 always come from the latest match.
 */
public final class Captures implements MatchResult {
    private final MatchResult latest;
    private final MatchResult earlier;

    private Captures(MatchResult latest, MatchResult earlier) {
        this.latest = latest;
        this.earlier = earlier;
    }

    /** {@code latest}, falling back to {@code earlier} for names it does not define. */
    public static MatchResult over(MatchResult earlier, MatchResult latest) {
        return earlier == null ? latest : new Captures(latest, earlier);
    }

    @Override public String group(String name) {
        if (latest.namedGroups().containsKey(name)) {
            return latest.group(name);
        }
        return earlier.group(name);
    }

    @Override public Map<String, Integer> namedGroups() { return latest.namedGroups(); }

    @Override public boolean hasMatch() { return latest.hasMatch(); }

    @Override public int start() { return latest.start(); }

    @Override public int start(int group) { return latest.start(group); }

    @Override public int end() { return latest.end(); }

    @Override public int end(int group) { return latest.end(group); }

    @Override public String group() { return latest.group(); }

    @Override public String group(int group) { return latest.group(group); }

    @Override public int groupCount() { return latest.groupCount(); }
}

package dev.pier.http.rewrite;

import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the script's regexes share: the empty capture set a failed match leaves ($1..$9 empty, as nginx's r->ncaptures = 0). */
final class ScriptRegex {
    static final MatchResult NO_CAPTURES = emptyMatch();

    private ScriptRegex() { }

    private static MatchResult emptyMatch() {
        Matcher m = Pattern.compile("").matcher("");
        m.find();
        return m.toMatchResult();
    }
}

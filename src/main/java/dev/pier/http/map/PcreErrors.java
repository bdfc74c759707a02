package dev.pier.http.map;

import dev.pier.http.Pcre;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a configured regex, reporting a bad one in nginx's words: {@code pcre2_compile() failed: missing
 * closing parenthesis in "(abc"}, with {@code at "..."} where PCRE2 points inside the pattern. Java's messages
 * for the common mistakes are translated to PCRE2's; others keep Java's description.
 */
final class PcreErrors {
    private PcreErrors() { }

    static Pattern compile(String regex, boolean caseless) {
        try {
            return Pattern.compile(Pcre.toJava(regex), caseless ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(message(regex, e));
        }
    }

    static String message(String regex, PatternSyntaxException e) {
        String d = e.getDescription();
        int at = e.getIndex();
        String text;
        if (d.startsWith("Unclosed group")) {
            text = "missing closing parenthesis";
            at = -1;
        } else if (d.startsWith("Unclosed character class")) {
            text = "missing terminating ] for character class";
            at = -1;
        } else if (d.startsWith("Unescaped trailing backslash")) {
            text = "\\ at end of pattern";
            at = -1;
        } else if (d.startsWith("Unmatched closing ')'")) {
            text = "unmatched closing parenthesis";
            at = regex.indexOf(')', Math.max(at, 0));
        } else if (d.startsWith("Dangling meta character")) {
            text = "quantifier does not follow a repeatable item";
        } else if (d.startsWith("Illegal repetition range")) {
            text = "numbers out of order in {} quantifier";
            at = regex.indexOf('}', Math.max(at, 0));
        } else if (d.startsWith("Unknown inline modifier")) {
            text = "unrecognized character after (? or (?-";
        } else if (d.startsWith("Illegal character range")) {
            text = "range out of order in character class";
        } else if (d.startsWith("Named capturing group") && d.endsWith("is already defined")) {
            text = "two named subpatterns have the same name (PCRE2_DUPNAMES not set)";
            at = regex.indexOf('>', Math.max(at, 0)) + 1;
        } else if (d.startsWith("capturing group name does not start with a Latin letter")) {
            text = "subpattern name must start with a non-digit";
        } else {
            text = d;
        }
        String base = "pcre2_compile() failed: " + text + " in \"" + regex + "\"";
        return at < 0 || at >= regex.length() ? base : base + " at \"" + regex.substring(at) + "\"";
    }
}

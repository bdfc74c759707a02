package dev.pier.http;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** nginx's regexes are PCRE; the few spellings Java's regex lacks are rewritten once, at load. */
public final class Pcre {
    private Pcre() { }

    private static final Pattern GROUP = Pattern.compile("\\(\\?P?<([A-Za-z0-9_]+)>");
    private static final Pattern REFERENCE = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)|\\\\k<([A-Za-z_][A-Za-z0-9_]*)>");

    /**
     * {@code (?P<name>...)} (Python/PCRE style named group) becomes Java's {@code (?<name>...)}, and a name
     * Java refuses (PCRE allows '_') is spelled as {@link #javaGroupName} gives it, references included.
     */
    public static String toJava(String pcre) {
        if (pcre.indexOf("(?") < 0 && pcre.indexOf("\\k<") < 0) {
            return pcre;
        }
        // a name starting with a digit stays as written: Java refuses it as PCRE does
        String groups = GROUP.matcher(pcre).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("(?<"
                + (Character.isDigit(m.group(1).charAt(0)) ? m.group(1) : javaGroupName(m.group(1))) + ">"));
        return REFERENCE.matcher(groups).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                "\\k<" + javaGroupName(m.group(1) != null ? m.group(1) : m.group(2)) + ">"));
    }

    /** The name Java's regex knows a PCRE group name by: itself when Java allows it, else a hex spelling. */
    public static String javaGroupName(String name) {
        boolean plain = !name.isEmpty() && Character.isLetter(name.charAt(0));
        for (int i = 0; plain && i < name.length(); i++) {
            char c = name.charAt(i);
            plain = c < 0x80 && Character.isLetterOrDigit(c);
        }
        if (plain) {
            return name;
        }
        StringBuilder sb = new StringBuilder("P");
        for (int i = 0; i < name.length(); i++) {
            sb.append(Integer.toHexString(name.charAt(i)));
        }
        return sb.toString();
    }

    /**
     * Compiles a configured regex as nginx's ngx_regex_compile would: PCRE's default newline (LF only), and a
     * syntax error reported as {@code pcre2_compile() failed: <PCRE2's words> in "<regex>" at "<rest>"} in an
     * {@link IllegalArgumentException}.
     */
    public static Pattern compile(String pcre, boolean caseless) {
        int flags = Pattern.UNIX_LINES | (caseless ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        try {
            return Pattern.compile(toJava(pcre), flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(compileError(pcre, e));
        }
    }

    /** nginx's message for a regex Java refuses, in PCRE2's words where the two agree on the mistake. */
    static String compileError(String pcre, PatternSyntaxException e) {
        String d = e.getDescription();
        int at = pcreIndex(pcre, e.getIndex());
        String words;
        if (d.startsWith("Unclosed group")) {
            words = "missing closing parenthesis";
            at = pcre.length();
        } else if (d.startsWith("Unclosed character class")) {
            words = "missing terminating ] for character class";
            at = pcre.length();
        } else if (d.startsWith("Dangling meta character")) {
            words = "quantifier does not follow a repeatable item";
        } else if (d.startsWith("Unmatched closing ')'")) {
            words = "unmatched closing parenthesis";
            at = unmatchedParenthesis(pcre);
        } else if (d.startsWith("Illegal repetition range")) {
            words = "numbers out of order in {} quantifier";
        } else if (d.startsWith("Named capturing group") && d.endsWith("is already defined")) {
            words = "two named subpatterns have the same name (PCRE2_DUPNAMES not set)";
            String name = d.substring(d.indexOf('<'), d.indexOf('>') + 1);
            int second = pcre.indexOf(name, pcre.indexOf(name) + 1);
            at = second < 0 ? at : second + name.length();
        } else if (d.startsWith("Unknown inline modifier")) {
            words = "unrecognized character after (? or (?-";
        } else if (d.startsWith("Illegal character range")) {
            words = "range out of order in character class";
        } else if (d.startsWith("\\k is not followed")) {
            words = "\\k is not followed by a braced, angle-bracketed, or quoted name";
        } else if (d.startsWith("capturing group name does not start with a Latin letter")) {
            words = "subpattern name must start with a non-digit";
        } else if (d.startsWith("Unescaped trailing backslash")) {
            words = "\\ at end of pattern";
            at = pcre.length();
        } else {
            words = d;
        }
        String where = at >= 0 && at < pcre.length() ? " at \"" + pcre.substring(at) + "\"" : "";
        return "pcre2_compile() failed: " + words + " in \"" + pcre + "\"" + where;
    }

    /** The index in the PCRE text of {@code javaIndex} in its {@link #toJava} translation ("(?P<" is one longer). */
    private static int pcreIndex(String pcre, int javaIndex) {
        if (javaIndex < 0) {
            return javaIndex;
        }
        int shift = 0;
        for (int i = pcre.indexOf("(?P<"); i >= 0 && i - shift < javaIndex; i = pcre.indexOf("(?P<", i + 1)) {
            shift++;
        }
        return javaIndex + shift;
    }

    /** Where the first ')' without its '(' stands, skipping escapes and character classes. */
    private static int unmatchedParenthesis(String re) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth-- == 0) {
                return i;
            }
        }
        return -1;
    }
}

package dev.pier.http.rewrite;

import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * A text of the rewrite script ({@code rewrite}'s replacement, {@code set}'s value, the right side of an
 * {@code if} comparison) compiled once as nginx's ngx_http_script_compile does: literal runs, captures
 * {@code $1..$9}, variables, and for a replacement the first literal '?' that starts the arguments. Unlike a
 * plain {@link dev.pier.variables.Template}, a capture is written URI-escaped where nginx escapes it.
 */
final class ScriptValue {
    /** One compiled piece; exactly one of the fields is meaningful. */
    private record Part(String literal, int capture, Variable variable, boolean argsStart) { }

    private final String source;
    private final Part[] parts;
    private final boolean hasQuestionMark;

    private ScriptValue(String source, Part[] parts, boolean hasQuestionMark) {
        this.source = source;
        this.parts = parts;
        this.hasQuestionMark = hasQuestionMark;
    }

    /**
     * Compiles {@code text}; with {@code splitArgs} (a replacement that is not a redirect) the first literal '?'
     * separates the new URI from its arguments. Errors are IllegalArgumentExceptions in nginx's words.
     */
    static ScriptValue compile(String text, boolean splitArgs) {
        List<Part> parts = new ArrayList<>();
        boolean question = false;
        boolean split = splitArgs;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '$') {
                i = variable(text, i + 1, parts);
                continue;
            }
            if (c == '?' && split) {
                question = true;
                split = false;
                parts.add(new Part(null, 0, null, true));
                i++;
                continue;
            }
            int start = i;
            while (i < n && text.charAt(i) != '$') {
                if (text.charAt(i) == '?') {
                    question = true;
                    if (split) {
                        break;
                    }
                }
                i++;
            }
            parts.add(new Part(text.substring(start, i), 0, null, false));
        }
        return new ScriptValue(text, parts.toArray(new Part[0]), question);
    }

    /** Reads the capture or variable whose name starts at {@code i} (after '$'); returns the index after it. */
    private static int variable(String text, int i, List<Part> parts) {
        int n = text.length();
        if (i == n) {
            throw new IllegalArgumentException("invalid variable name");
        }
        char d = text.charAt(i);
        if (d >= '1' && d <= '9') {
            parts.add(new Part(null, d - '0', null, false));
            return i + 1;
        }
        boolean bracket = d == '{';
        if (bracket && ++i == n) {
            throw new IllegalArgumentException("invalid variable name");
        }
        int start = i;
        int end = -1;
        while (i < n) {
            char ch = text.charAt(i);
            if (bracket && ch == '}') {
                end = i++;
                bracket = false;
                break;
            }
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_')) {
                break;
            }
            i++;
        }
        String name = text.substring(start, end >= 0 ? end : i);
        if (bracket) {
            throw new IllegalArgumentException("the closing bracket in \"" + name + "\" variable is missing");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid variable name");
        }
        // only "$1".."$9" are captures: "${1}", "$0" name variables nginx does not have
        Variable v = isNumber(name) ? null : Variables.find(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown \"" + name + "\" variable");
        }
        parts.add(new Part(null, 0, v, false));
        return i;
    }

    static boolean isNumber(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a literal '?' appears (nginx's sc.args): the original arguments then join with '&'. */
    boolean hasQuestionMark() { return hasQuestionMark; }

    String source() { return source; }

    /**
     * Renders into {@code out}; returns where the arguments start in it (after the split '?', which is not
     * written), or -1. Captures are escaped when the request's URI was escaped ({@code run.escapeCaptures()})
     * and they stand in a redirect ({@code quote}) or in the arguments.
     */
    int render(ScriptRun run, boolean quote, StringBuilder out) {
        int argsAt = -1;
        for (Part p : parts) {
            if (p.literal != null) {
                out.append(p.literal);
            } else if (p.argsStart) {
                argsAt = out.length();
            } else if (p.variable != null) {
                String v = p.variable.value(run.exchange());
                if (v != null) {
                    out.append(v);
                }
            } else {
                String cap = capture(run.exchange().captures(), p.capture);
                if (cap != null) {
                    if ((quote || argsAt >= 0) && run.escapeCaptures()) {
                        UriEscapes.escapeArgs(cap, out);
                    } else {
                        out.append(cap);
                    }
                }
            }
        }
        return argsAt;
    }

    /** The plain rendering (no split arguments). */
    String render(ScriptRun run, boolean quote) {
        StringBuilder sb = new StringBuilder(source.length() + 16);
        render(run, quote, sb);
        return sb.toString();
    }

    private static String capture(MatchResult m, int group) {
        if (m == null || group > m.groupCount()) {
            return null;
        }
        return m.group(group);
    }

    @Override public String toString() { return source; }
}

package dev.pier.log;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code log_format}: literal parts and variables, split once at load as nginx's
 * ngx_http_log_compile_format does; rendering a line is a loop of appends.
 */
public final class LogFormat {
    /** nginx's predefined format. */
    public static final String COMBINED_TEXT = "$remote_addr - $remote_user [$time_local] "
            + "\"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

    private final String name;
    private final LogEscape escape;
    private final String[] literals;   // literals[i] precedes variables[i]; one more at the end
    private final Variable[] variables;

    private LogFormat(String name, LogEscape escape, String[] literals, Variable[] variables) {
        this.name = name;
        this.escape = escape;
        this.literals = literals;
        this.variables = variables;
    }

    public String name() { return name; }

    public LogEscape escape() { return escape; }

    /**
     * Compiles {@code text}. Variable names are [A-Za-z0-9_] or in braces; a name not built in is resolved
     * when the load ends (nginx's {@code unknown "x" variable}). Errors are {@link IllegalArgumentException}s
     * worded as nginx's.
     */
    public static LogFormat compile(String name, LogEscape escape, String text) {
        List<String> lits = new ArrayList<>();
        List<Variable> vars = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                lit.append(c);
                i++;
                continue;
            }
            int start;
            int end;
            int next;
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                start = i + 2;
                end = start;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                if (end >= text.length() || text.charAt(end) != '}') {
                    throw new IllegalArgumentException("the closing bracket in \"" + text.substring(start, end) + "\" variable is missing");
                }
                next = end + 1;
            } else {
                start = i + 1;
                end = start;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                next = end;
            }
            if (end == start) {
                throw new IllegalArgumentException("invalid parameter \"" + text + "\"");
            }
            Variable v = Variables.find(text.substring(start, end));
            if (v == null) {
                throw new IllegalArgumentException("unknown \"" + text.substring(start, end) + "\" variable");
            }
            lits.add(LogEscape.bytes(lit.toString()));
            lit.setLength(0);
            vars.add(v);
            i = next;
        }
        lits.add(LogEscape.bytes(lit.toString()));
        return new LogFormat(name, escape, lits.toArray(new String[0]), vars.toArray(new Variable[0]));
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** The line for {@code ex}, newline included, as bytes. */
    public byte[] render(HttpExchange ex) {
        return renderText(ex).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The line without its newline, one char per byte. */
    String renderText(HttpExchange ex) {
        StringBuilder sb = new StringBuilder(160);
        for (int i = 0; i < variables.length; i++) {
            sb.append(literals[i]);
            escape.append(sb, variables[i].value(ex));
        }
        sb.append(literals[variables.length]);
        return sb.append('\n').toString();
    }
}

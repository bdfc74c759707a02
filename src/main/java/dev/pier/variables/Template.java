package dev.pier.variables;

import dev.pier.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * A string with {@code $name} / {@code ${name}} references, split once at load into literal parts and
 * resolved {@link Variable}s, so rendering is a loop of appends.
 */
public final class Template {
    private final String source;
    private final String[] literals;   // literals[i] precedes variables[i]; one more literal at the end
    private final Variable[] variables;

    private Template(String source, String[] literals, Variable[] variables) {
        this.source = source;
        this.literals = literals;
        this.variables = variables;
    }

    /**
     * Compiles {@code text}; an unknown variable is an {@link IllegalArgumentException} worded as nginx's
     * {@code unknown "name" variable}.
     */
    public static Template compile(String text) {
        List<String> lits = new ArrayList<>();
        List<Variable> vars = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                lit.append(c);
                i++;
                continue;
            }
            int start;
            int end;
            int next;
            if (text.charAt(i + 1) == '{') {
                start = i + 2;
                end = text.indexOf('}', start);
                if (end < 0) {
                    throw new IllegalArgumentException("the closing bracket in \"" + text.substring(start) + "\" variable is missing");
                }
                next = end + 1;
            } else {
                start = i + 1;
                end = start;
                if (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;   // $1..$9 are one digit, as nginx
                } else {
                    while (end < text.length() && isNameChar(text.charAt(end))) {
                        end++;
                    }
                }
                next = end;
            }
            if (end == start) {
                if (text.charAt(i + 1) == '{') {
                    throw new IllegalArgumentException("invalid variable name in \"" + text + "\"");
                }
                lit.append(c);   // a lone '$' stays literal
                i++;
                continue;
            }
            String name = text.substring(start, end);
            Variable v = Variables.find(name);
            if (v == null) {
                throw new IllegalArgumentException("unknown \"" + name + "\" variable");
            }
            lits.add(lit.toString());
            lit.setLength(0);
            vars.add(v);
            i = next;
        }
        lits.add(lit.toString());
        return new Template(text, lits.toArray(new String[0]), vars.toArray(new Variable[0]));
    }

    static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    public boolean isConstant() { return variables.length == 0; }

    public String source() { return source; }

    public String render(HttpExchange exchange) {
        if (variables.length == 0) {
            return literals[0];
        }
        StringBuilder sb = new StringBuilder(source.length() + 32);
        for (int i = 0; i < variables.length; i++) {
            sb.append(literals[i]);
            String v = variables[i].value(exchange);
            if (v != null) {
                sb.append(v);
            }
        }
        sb.append(literals[variables.length]);
        return sb.toString();
    }

    @Override public String toString() { return source; }
}

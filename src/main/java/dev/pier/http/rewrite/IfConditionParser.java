package dev.pier.http.rewrite;

import dev.pier.http.Pcre;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments of {@code if} as nginx's ngx_http_rewrite_if_condition does: the parentheses may stand
 * alone or be glued to the first and last words ({@code ($a)}, {@code ($a = b)}), then a variable alone, a
 * variable, an operator and a value, or a file operator and a path. Errors are IllegalArgumentExceptions in
 * nginx's words.
 */
final class IfConditionParser {
    private IfConditionParser() { }

    static Condition parse(List<String> args) {
        List<String> v = new ArrayList<>(args);
        int last = v.size() - 1;
        String first = v.get(0);
        if (first.isEmpty() || first.charAt(0) != '(') {
            throw invalid(first);
        }
        int cur;
        if (first.length() == 1) {
            cur = 1;
        } else {
            cur = 0;
            v.set(0, first.substring(1));
        }
        String end = v.get(last);
        if (end.isEmpty() || end.charAt(end.length() - 1) != ')') {
            throw invalid(end);
        }
        if (end.length() == 1) {
            last--;
        } else {
            v.set(last, end.substring(0, end.length() - 1));
        }
        if (cur >= v.size()) {
            throw invalid(")");
        }
        String word = v.get(cur);
        if (word.length() > 1 && word.charAt(0) == '$') {
            if (cur != last && cur + 2 != last) {
                throw invalid(word);
            }
            Variable variable = variable(word.substring(1));
            if (cur == last) {
                return new Condition.Truth(variable);
            }
            String op = v.get(cur + 1);
            String operand = v.get(last);
            switch (op) {
                case "=":
                    return new Condition.Comparison(variable, ScriptValue.compile(operand, false), false);
                case "!=":
                    return new Condition.Comparison(variable, ScriptValue.compile(operand, false), true);
                case "~", "~*", "!~", "!~*": {
                    var regex = Pcre.compile(operand, op.endsWith("*"));
                    Variables.declareCaptures(operand);
                    return new Condition.RegexMatch(variable, regex, operand, op.startsWith("!"));
                }
                default:
                    throw new IllegalArgumentException("unexpected \"" + op + "\" in condition");
            }
        }
        boolean fileOp = word.length() == 2 && word.charAt(0) == '-' || word.length() == 3 && word.startsWith("!-");
        if (fileOp) {
            if (cur + 1 != last) {
                throw invalid(word);
            }
            Condition.FileOp op = switch (word.charAt(word.length() - 1)) {
                case 'f' -> Condition.FileOp.FILE;
                case 'd' -> Condition.FileOp.DIRECTORY;
                case 'e' -> Condition.FileOp.EXISTS;
                case 'x' -> Condition.FileOp.EXECUTABLE;
                default -> throw invalid(word);
            };
            return new Condition.FileTest(ScriptValue.compile(v.get(last), false), op, word.charAt(0) == '!');
        }
        throw invalid(word);
    }

    /** nginx takes everything after '$' as the name, whatever it holds; an unknown one fails when the load ends. */
    private static Variable variable(String name) {
        Variable v = ScriptValue.isNumber(name) ? null : Variables.find(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown \"" + name + "\" variable");
        }
        return v;
    }

    private static IllegalArgumentException invalid(String word) {
        return new IllegalArgumentException("invalid condition \"" + word + "\"");
    }
}

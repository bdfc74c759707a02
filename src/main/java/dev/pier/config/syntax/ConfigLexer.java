package dev.pier.config.syntax;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits nginx configuration text into directives' words, following nginx's {@code ngx_conf_read_token}:
 * whitespace separates words; ';', '{' and '}' end them; '#' starts a comment only where a word could start;
 * quotes group, and a backslash escapes the next character ({@code \t \r \n} become control characters,
 * {@code \" \' \\} lose the backslash, any other pair is kept as written so regexes like {@code \d} survive).
 * {@code ${var}} does not open a block, and a '}' inside a word is part of the word, as in nginx.
 */
final class ConfigLexer {
    /** What a call to {@link #next} stopped on. */
    enum Stop { SEMICOLON, BLOCK_START, BLOCK_END, EOF }

    private final String text;
    private final Path file;
    private final boolean parameter;
    private int pos;
    private int line = 1;

    ConfigLexer(String text, Path file) {
        this(text, file, false);
    }

    private ConfigLexer(String text, Path file, boolean parameter) {
        this.text = text;
        this.file = file;
        this.parameter = parameter;
    }

    /** The text of {@code -g}: positions are "command line", without a line number, as nginx reports them. */
    static ConfigLexer parameter(String text) {
        return new ConfigLexer(text, ConfigSource.COMMAND_LINE.file(), true);
    }

    boolean isParameter() { return parameter; }

    int line() { return line; }

    ConfigSource here() { return parameter ? ConfigSource.COMMAND_LINE : new ConfigSource(file, line); }

    /** nginx's error when the text ends inside a directive. */
    ConfigException unexpectedEnd() {
        return new ConfigException(parameter ? "unexpected end of parameter, expecting \";\""
                : "unexpected end of file, expecting \";\" or \"}\"", here());
    }

    /** Reads the words of one directive into {@code words} and says what ended it. */
    Stop next(List<String> words) {
        words.clear();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                return Stop.EOF;
            }
            char ch = text.charAt(pos);
            switch (ch) {
                case ';', '{' -> {
                    if (words.isEmpty()) {
                        throw new ConfigException("unexpected \"" + ch + "\"", here());
                    }
                    pos++;
                    return ch == ';' ? Stop.SEMICOLON : Stop.BLOCK_START;
                }
                case '}' -> {
                    if (!words.isEmpty()) {
                        throw new ConfigException("unexpected \"}\"", here());
                    }
                    pos++;
                    return Stop.BLOCK_END;
                }
                case '"', '\'' -> {
                    words.add(quoted(ch));
                    Stop stop = afterQuote();
                    if (stop != null) {
                        return stop;
                    }
                }
                default -> words.add(word());
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == '\n') {
                line++;
                pos++;
            } else if (ch == ' ' || ch == '\t' || ch == '\r') {
                pos++;
            } else if (ch == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private String quoted(char quote) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == '\\' && pos + 1 < text.length()) {
                pos = escape(sb, pos);
                continue;
            }
            if (ch == quote) {
                pos++;
                return sb.toString();
            }
            if (ch == '\n') {
                line++;
            }
            sb.append(ch);
            pos++;
        }
        throw unexpectedEnd();
    }

    /**
     * After a closing quote nginx wants a space, ';', '{' or ')'; a ')' starts the next word, so
     * {@code if ($a = "x")} gives the words {@code ($a}, {@code =}, {@code x}, {@code )}. Returns the stop if the
     * quote ended the directive.
     */
    private Stop afterQuote() {
        if (pos >= text.length()) {
            return null;
        }
        char ch = text.charAt(pos);
        switch (ch) {
            case ' ', '\t', '\r', '\n' -> { return null; }
            case ';' -> { pos++; return Stop.SEMICOLON; }
            case '{' -> { pos++; return Stop.BLOCK_START; }
            case ')' -> { return null; }
            default -> throw new ConfigException("unexpected \"" + ch + "\"", here());
        }
    }

    private String word() {
        StringBuilder sb = new StringBuilder();
        boolean variable = false;
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == '{' && variable) {
                sb.append(ch);
                pos++;
                variable = false;
                continue;
            }
            variable = false;
            if (ch == '\\' && pos + 1 < text.length()) {
                pos = escape(sb, pos);
                continue;
            }
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ';' || ch == '{') {
                break;
            }
            if (ch == '$') {
                variable = true;
            }
            sb.append(ch);
            pos++;
        }
        return sb.toString();
    }

    /** Appends the escaped character at {@code at} (a backslash) and returns the position after the pair. */
    private int escape(StringBuilder sb, int at) {
        char next = text.charAt(at + 1);
        switch (next) {
            case '"', '\'', '\\' -> sb.append(next);
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'n' -> sb.append('\n');
            default -> {
                sb.append('\\').append(next);
                if (next == '\n') {
                    line++;
                }
            }
        }
        return at + 2;
    }

    static List<String> newWordList() { return new ArrayList<>(8); }
}

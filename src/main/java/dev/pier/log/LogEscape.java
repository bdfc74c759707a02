package dev.pier.log;

import java.nio.charset.StandardCharsets;

/**
 * How a log_format writes variable values (nginx's {@code escape=}). Values are byte strings (one char per
 * byte, ISO-8859-1); literal text of the format is never escaped.
 */
public enum LogEscape {
    /** {@code \xHH} (upper-case hex) for '"', '\', bytes below 0x20 and from 0x7f up; a value not found is "-". */
    DEFAULT,
    /** JSON string escaping as nginx's ngx_escape_json: '"', '\', and bytes below 0x20; a value not found is empty. */
    JSON,
    /** Values as they are; a value not found is empty. */
    NONE;

    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

    static LogEscape byName(String name) {
        return switch (name) {
            case "default" -> DEFAULT;
            case "json" -> JSON;
            case "none" -> NONE;
            default -> null;
        };
    }

    /** Appends {@code value} (null: not found) to {@code out}, escaped. */
    void append(StringBuilder out, String value) {
        if (value == null) {
            if (this == DEFAULT) {
                out.append('-');
            }
            return;
        }
        String v = bytes(value);
        switch (this) {
            case DEFAULT -> appendDefault(out, v);
            case JSON -> appendJson(out, v);
            case NONE -> out.append(v);
        }
    }

    private static void appendDefault(StringBuilder out, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                out.append('\\').append('x').append(UPPER[c >> 4 & 0xf]).append(UPPER[c & 0xf]);
            } else {
                out.append(c);
            }
        }
    }

    private static void appendJson(StringBuilder out, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> out.append("\\u00").append(UPPER[c >> 4]).append(UPPER[c & 0xf]);
                }
            } else {
                out.append(c);
            }
        }
    }

    /** {@code s} as one char per byte: text with chars beyond ISO-8859-1 is taken as its UTF-8 bytes. */
    static String bytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return s;
    }
}

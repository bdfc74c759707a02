package dev.pier.content.file;

import dev.pier.http.UriEscape;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** The bodies of nginx's autoindex formats, byte for byte (ngx_http_autoindex_html/json/xml). */
final class ListingFormats {
    /** NGX_HTTP_AUTOINDEX_NAME_LEN: the width of the name column in the HTML listing. */
    static final int NAME_LEN = 50;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private ListingFormats() { }

    /** {@code uri} is the decoded $uri as a byte string. */
    static String html(String uri, List<DirectoryEntry> entries, boolean exactSize, ZoneId zone) {
        String title = UriEscape.html(uri);
        StringBuilder sb = new StringBuilder(256 + entries.size() * 160);
        sb.append("<html>\r\n<head><title>Index of ").append(title).append("</title></head>\r\n<body>\r\n<h1>Index of ")
                .append(title).append("</h1><hr><pre><a href=\"../\">../</a>\r\n");
        for (DirectoryEntry e : entries) {
            boolean dir = e.type() == DirectoryEntry.Type.DIRECTORY;
            sb.append("<a href=\"").append(UriEscape.component(e.name()));
            if (dir) {
                sb.append('/');
            }
            sb.append("\">");
            // without the charset module nginx measures names in bytes (r->utf8 is off)
            String name = e.name();
            int len = name.length();
            if (len > NAME_LEN) {
                sb.append(UriEscape.html(name.substring(0, NAME_LEN - 3))).append("..&gt;</a>");
            } else {
                sb.append(UriEscape.html(name));
                if (dir && NAME_LEN - len > 0) {
                    sb.append('/');
                    len++;
                }
                sb.append("</a>");
                sb.repeat(' ', Math.max(0, NAME_LEN - len));
            }
            sb.append(' ');
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(e.mtimeSeconds()), zone);
            sb.append(two(t.getDayOfMonth())).append('-').append(MONTHS[t.getMonthValue() - 1]).append('-').append(t.getYear())
                    .append(' ').append(two(t.getHour())).append(':').append(two(t.getMinute())).append(' ');
            if (exactSize) {
                sb.append(dir ? "                  -" : pad(Long.toString(e.size()), 19));
            } else {
                sb.append(dir ? "      -" : humanSize(e.size()));
            }
            sb.append("\r\n");
        }
        sb.append("</pre><hr></body>\r\n</html>\r\n");
        return sb.toString();
    }

    /** nginx's rounded sizes: "%6i%c" with K above 9999 bytes, M and G at their powers of 1024, else " %6i". */
    static String humanSize(long length) {
        long size;
        char scale;
        if (length > 1024L * 1024 * 1024 - 1) {
            size = length / (1024L * 1024 * 1024);
            if (length % (1024L * 1024 * 1024) > 1024L * 1024 * 1024 / 2 - 1) {
                size++;
            }
            scale = 'G';
        } else if (length > 1024 * 1024 - 1) {
            size = length / (1024 * 1024);
            if (length % (1024 * 1024) > 1024 * 1024 / 2 - 1) {
                size++;
            }
            scale = 'M';
        } else if (length > 9999) {
            size = length / 1024;
            if (length % 1024 > 511) {
                size++;
            }
            scale = 'K';
        } else {
            return " " + pad(Long.toString(length), 6);
        }
        return pad(Long.toString(size), 6) + scale;
    }

    static String json(List<DirectoryEntry> entries) {
        StringBuilder sb = new StringBuilder(16 + entries.size() * 120).append("[\r\n");
        for (int i = 0; i < entries.size(); i++) {
            DirectoryEntry e = entries.get(i);
            if (i > 0) {
                sb.append(",\r\n");
            }
            sb.append("{ \"name\":\"").append(jsonEscape(e.name())).append("\", \"type\":\"")
                    .append(switch (e.type()) { case DIRECTORY -> "directory"; case FILE -> "file"; case OTHER -> "other"; })
                    .append("\", \"mtime\":\"").append(dev.pier.http.HttpDate.format(e.mtimeSeconds() * 1000)).append('"');
            if (e.type() == DirectoryEntry.Type.FILE) {
                sb.append(", \"size\":").append(e.size());
            }
            sb.append(" }");
        }
        return sb.append(entries.isEmpty() ? "]" : "\r\n]").toString();
    }

    static String xml(List<DirectoryEntry> entries) {
        StringBuilder sb = new StringBuilder(64 + entries.size() * 100).append("<?xml version=\"1.0\"?>\r\n<list>\r\n");
        for (DirectoryEntry e : entries) {
            String tag = switch (e.type()) { case DIRECTORY -> "directory"; case FILE -> "file"; case OTHER -> "other"; };
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(e.mtimeSeconds()), ZoneOffset.UTC);
            sb.append('<').append(tag).append(" mtime=\"").append(t.getYear()).append('-').append(two(t.getMonthValue())).append('-')
                    .append(two(t.getDayOfMonth())).append('T').append(two(t.getHour())).append(':').append(two(t.getMinute()))
                    .append(':').append(two(t.getSecond())).append("Z\"");
            if (e.type() == DirectoryEntry.Type.FILE) {
                sb.append(" size=\"").append(e.size()).append('"');
            }
            sb.append('>').append(UriEscape.html(e.name())).append("</").append(tag).append(">\r\n");
        }
        return sb.append("</list>\r\n").toString();
    }

    /** ngx_escape_json: quote and backslash escaped, control characters as \\u00XX. */
    static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c <= 0x1f) {
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> sb.append(String.format("\\u%04X", (int) c));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}

package dev.pier.http.filter.charset;

import java.util.Locale;
import java.util.Set;

/**
 * {@code charset_types}: the MIME types whose Content-Type gets the charset, compared case-insensitively;
 * text/html always counts, {@code *} matches every type.
 */
record CharsetTypes(Set<String> types, boolean any) {
    static final CharsetTypes DEFAULT = new CharsetTypes(Set.of("text/html", "text/xml", "text/plain", "text/vnd.wap.wml",
            "application/javascript", "application/rss+xml"), false);

    static CharsetTypes of(Iterable<String> values) {
        java.util.HashSet<String> set = new java.util.HashSet<>();
        set.add("text/html");
        for (String v : values) {
            if (v.equals("*")) {
                return new CharsetTypes(Set.of(), true);
            }
            set.add(v.toLowerCase(Locale.ROOT));
        }
        return new CharsetTypes(Set.copyOf(set), false);
    }

    boolean matches(String contentType) {
        return any || types.contains(contentType.toLowerCase(Locale.ROOT));
    }
}

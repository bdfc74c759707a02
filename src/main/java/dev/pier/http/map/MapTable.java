package dev.pier.http.map;

import dev.pier.http.Captures;
import dev.pier.http.HttpExchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of one {@code map} block, compiled at load, searched as nginx's {@code ngx_http_map_find}: exact
 * keys (compared case-insensitively: nginx lowercases both), then for a non-empty value the wildcards of a
 * {@code hostnames} map, then the regexes in the order written. A regex with groups leaves its captures to the
 * request, as nginx does, so a value may use {@code $1} or a named group.
 */
final class MapTable {
    /** A {@code ~regex} key and its value. */
    private record RegexKey(Pattern pattern, MapValue value) { }

    private final Map<String, MapValue> exact;
    private final HostnameWildcards<MapValue> wildcards;
    private final List<RegexKey> regexes;
    private final MapValue defaultValue;
    private final boolean hostnames;

    private MapTable(Builder b) {
        this.exact = Map.copyOf(b.exact);
        this.wildcards = b.wildcards;
        this.regexes = List.copyOf(b.regexes);
        this.defaultValue = b.defaultValue != null ? b.defaultValue : MapValue.EMPTY;
        this.hostnames = b.hostnames;
    }

    /** The value for {@code source}, the default when no key matches. */
    MapValue find(String source, HttpExchange ex) {
        String value = source;
        if (hostnames && !value.isEmpty() && value.charAt(value.length() - 1) == '.') {
            value = value.substring(0, value.length() - 1);   // "example.com." is "example.com"
        }
        String low = Ascii.lower(value);
        MapValue v = exact.get(low);
        if (v != null) {
            return v;
        }
        if (value.isEmpty()) {
            return defaultValue;   // nginx tries neither wildcards nor regexes on an empty value
        }
        if (!wildcards.isEmpty()) {
            v = wildcards.find(low);
            if (v != null) {
                return v;
            }
        }
        for (RegexKey r : regexes) {
            Matcher m = r.pattern.matcher(value);
            if (m.find()) {
                if (m.groupCount() > 0 && ex != null) {
                    ex.captures(Captures.over(ex.captures(), m.toMatchResult()));
                }
                return r.value;
            }
        }
        return defaultValue;
    }

    /** Collects keys in the order of the block, with nginx's conflict rules. */
    static final class Builder {
        private final Map<String, MapValue> exact = new HashMap<>();
        /** Exact names and the base names of ".name" keys: what a new exact or ".name" key conflicts with. */
        private final Set<String> exactNames = new HashSet<>();
        private final HostnameWildcards<MapValue> wildcards = new HostnameWildcards<>();
        private final List<RegexKey> regexes = new ArrayList<>();
        private MapValue defaultValue;
        private boolean hostnames;

        /** {@code hostnames;}: keys from here on may be wildcards, and the source loses a trailing dot. */
        void hostnames() { hostnames = true; }

        boolean hasDefault() { return defaultValue != null; }

        void defaultValue(MapValue v) { defaultValue = v; }

        void regex(Pattern p, MapValue v) { regexes.add(new RegexKey(p, v)); }

        /** Result of adding a key: nginx's NGX_OK, NGX_BUSY (conflicting) and NGX_DECLINED (invalid wildcard). */
        enum Added { OK, CONFLICT, INVALID }

        /**
         * Adds an exact key, or with {@code hostnames} a wildcard one, as ngx_hash_add_key; {@code key} is
         * already lowercased (nginx lowercases it in place, so its messages show it lowercased).
         */
        Added add(String key, MapValue v) {
            if (hostnames) {
                int stars = 0;
                for (int i = 0; i < key.length(); i++) {
                    char c = key.charAt(i);
                    if (c == '*' && ++stars > 1 || c == '\0'
                            || c == '.' && i + 1 < key.length() && key.charAt(i + 1) == '.') {
                        return Added.INVALID;
                    }
                }
                if (key.length() > 1 && key.charAt(0) == '.') {
                    String base = key.substring(1);
                    if (exactNames.contains(base) || !wildcards.addHead(base, false, v)) {
                        return Added.CONFLICT;
                    }
                    exactNames.add(base);
                    return Added.OK;
                }
                if (key.length() > 2 && key.startsWith("*.")) {
                    return wildcards.addHead(key.substring(2), true, v) ? Added.OK : Added.CONFLICT;
                }
                if (key.length() > 2 && key.endsWith(".*")) {
                    return wildcards.addTail(key.substring(0, key.length() - 2), v) ? Added.OK : Added.CONFLICT;
                }
                if (stars > 0) {
                    return Added.INVALID;
                }
            }
            if (!exactNames.add(key)) {
                return Added.CONFLICT;
            }
            exact.put(key, v);
            return Added.OK;
        }

        /** The exact keys, as nginx hashes them (lowercase). */
        java.util.Set<String> exactKeys() { return exact.keySet(); }

        /** The label sets of the wildcard trees, one per nginx wildcard hash. */
        List<Set<String>> wildcardLevels() { return wildcards.levels(); }

        MapTable build() { return new MapTable(this); }
    }
}

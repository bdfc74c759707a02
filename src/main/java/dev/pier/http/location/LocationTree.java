package dev.pier.http.location;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The locations of one level (a server, or a location with nested ones), compiled for nginx's search
 * (ngx_http_core_find_location): exact matches in a hash; prefixes in a character trie walked once along
 * the URI for the longest match; regexes in the order written, tried only when the longest prefix is not
 * {@code ^~}; a matched location's nested locations searched before this level's regexes.
 */
public final class LocationTree {
    private static final LocationTree EMPTY = new LocationTree(List.of());

    private final Map<String, Location> exact = new HashMap<>();
    private final PrefixNode prefixes = new PrefixNode();
    private final Location[] regexes;
    private final List<Location> all;

    public LocationTree(List<Location> locations) {
        this.all = List.copyOf(locations);
        List<Location> rx = new ArrayList<>();
        for (Location l : locations) {
            switch (l.kind()) {
                case EXACT -> exact.put(l.pattern(), l);
                case PREFIX, PREFIX_NO_REGEX -> prefixes.insert(l.pattern(), l);
                case REGEX, REGEX_CASELESS -> rx.add(l);
                case NAMED -> { }
            }
        }
        this.regexes = rx.toArray(new Location[0]);
    }

    public static LocationTree empty() { return EMPTY; }

    /** This level's locations in configuration order (named ones included), for load-time walks of the tree. */
    public List<Location> locations() { return all; }

    public boolean isEmpty() { return exact.isEmpty() && prefixes.isEmpty() && regexes.length == 0; }

    /** The location nginx would choose for this (decoded, normalized) URI, or null if none matches. */
    public LocationMatch find(String uri) {
        Location exactHit = exact.get(uri);
        if (exactHit != null) {
            return new LocationMatch(exactHit, null);
        }
        Location prefix = prefixes.longest(uri);
        LocationMatch best = null;
        boolean noRegex = false;
        if (prefix != null) {
            noRegex = prefix.kind() == Location.Kind.PREFIX_NO_REGEX;
            best = new LocationMatch(prefix, null);
            if (!prefix.nested().isEmpty()) {
                LocationMatch inner = prefix.nested().find(uri);
                if (inner != null) {
                    Location.Kind k = inner.location().kind();
                    // an exact or regex match inside ends the search (NGX_OK in nginx); a nested prefix, even
                    // a ^~ one, still lets this level's regexes run unless this level's own prefix is ^~
                    if (k == Location.Kind.EXACT || k == Location.Kind.REGEX || k == Location.Kind.REGEX_CASELESS) {
                        return inner;
                    }
                    best = inner;
                }
            }
        }
        if (!noRegex) {
            for (Location rx : regexes) {
                Matcher m = rx.regex().matcher(uri);
                if (m.find()) {
                    LocationMatch self = new LocationMatch(rx, m.toMatchResult());
                    if (!rx.nested().isEmpty()) {
                        LocationMatch inner = rx.nested().find(uri);
                        if (inner != null) {
                            return inner;
                        }
                    }
                    return self;
                }
            }
        }
        return best;
    }

    /** A trie over the prefix strings; each node may end one location. */
    private static final class PrefixNode {
        private char[] keys = new char[0];
        private PrefixNode[] children = new PrefixNode[0];
        private Location location;

        boolean isEmpty() { return location == null && keys.length == 0; }

        void insert(String prefix, Location l) {
            PrefixNode node = this;
            for (int i = 0; i < prefix.length(); i++) {
                node = node.childOrCreate(prefix.charAt(i));
            }
            node.location = l;
        }

        Location longest(String uri) {
            PrefixNode node = this;
            Location best = location;
            for (int i = 0; i < uri.length(); i++) {
                node = node.child(uri.charAt(i));
                if (node == null) {
                    break;
                }
                if (node.location != null) {
                    best = node.location;
                }
            }
            return best;
        }

        private PrefixNode child(char c) {
            int i = Arrays.binarySearch(keys, c);
            return i >= 0 ? children[i] : null;
        }

        private PrefixNode childOrCreate(char c) {
            int i = Arrays.binarySearch(keys, c);
            if (i >= 0) {
                return children[i];
            }
            int at = -i - 1;
            char[] k = new char[keys.length + 1];
            PrefixNode[] ch = new PrefixNode[children.length + 1];
            System.arraycopy(keys, 0, k, 0, at);
            System.arraycopy(children, 0, ch, 0, at);
            k[at] = c;
            ch[at] = new PrefixNode();
            System.arraycopy(keys, at, k, at + 1, keys.length - at);
            System.arraycopy(children, at, ch, at + 1, children.length - at);
            keys = k;
            children = ch;
            return ch[at];
        }
    }
}

package dev.pier.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the server for a Host among the servers of one listen address, in nginx's order: exact name,
 * longest wildcard starting with '*', longest wildcard ending with '*', first matching regex in the order
 * written, else the default server of the address.
 */
public final class ServerSelector {
    private final VirtualServer defaultServer;
    private final Map<String, VirtualServer> exact = new HashMap<>();
    private final Map<String, VirtualServer> leadingWildcards = new HashMap<>();   // "example.com" for "*.example.com"
    private final Map<String, VirtualServer> trailingWildcards = new HashMap<>();  // "mail." for "mail.*"
    private final List<Regex> regexes = new ArrayList<>();
    private final ServerNameMatch defaultMatch;

    private record Regex(Pattern pattern, VirtualServer server) { }

    /** {@code servers} in the order they appear in the configuration; the default is already chosen. */
    public ServerSelector(List<VirtualServer> servers, VirtualServer defaultServer) {
        this.defaultServer = defaultServer;
        this.defaultMatch = new ServerNameMatch(defaultServer, null);
        for (VirtualServer s : servers) {
            for (String name : s.names()) {
                add(name, s);
            }
        }
    }

    /**
     * nginx checks wildcard names only where it builds a names hash, that is when more than one server shares
     * the address (ngx_http_optimize_servers); the error has no file:line: {@code invalid server name or
     * wildcard "a*b" on 0.0.0.0:80}. A wildcard is one '*' as a whole first or last label; ".name" is allowed.
     */
    public static void checkNames(List<VirtualServer> servers, String address) {
        if (servers.size() < 2) {
            return;
        }
        for (VirtualServer s : servers) {
            for (String name : s.names()) {
                if (!name.startsWith("~") && !validName(name)) {
                    throw new dev.pier.config.syntax.ConfigException("invalid server name or wildcard \"" + name + "\" on " + address);
                }
            }
        }
    }

    /**
     * The names nginx ignores with {@code conflicting server name "a" on 0.0.0.0:80, ignored}: a name an earlier
     * server (or the same one) of the address already has, where ".b" stands for both "b" and "*.b". As with
     * {@link #checkNames}, only for an address shared by several servers. Regex names never conflict.
     */
    public static List<String> conflicts(List<VirtualServer> servers, String address) {
        List<String> out = new ArrayList<>();
        if (servers.size() < 2) {
            return out;
        }
        java.util.Set<String> exactNames = new java.util.HashSet<>();
        java.util.Set<String> heads = new java.util.HashSet<>();
        java.util.Set<String> tails = new java.util.HashSet<>();
        for (VirtualServer s : servers) {
            for (String name : s.names()) {
                if (name.startsWith("~")) {
                    continue;
                }
                String n = name.toLowerCase(Locale.ROOT);
                boolean busy;
                if (n.startsWith("*.")) {
                    busy = !heads.add(n.substring(2));
                } else if (n.startsWith(".") && n.length() > 1) {
                    boolean exactBusy = !exactNames.add(n.substring(1));
                    busy = !heads.add(n.substring(1)) || exactBusy;
                } else if (n.endsWith(".*") && n.length() > 2) {
                    busy = !tails.add(n.substring(0, n.length() - 1));
                } else {
                    busy = !exactNames.add(n);
                }
                if (busy) {
                    out.add("conflicting server name \"" + n + "\" on " + address + ", ignored");
                }
            }
        }
        return out;
    }

    private static boolean validName(String name) {
        int stars = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' && ++stars > 1 || c == '.' && i + 1 < name.length() && name.charAt(i + 1) == '.') {
                return false;
            }
        }
        if (stars == 0 || name.length() > 1 && name.startsWith(".")) {
            return true;
        }
        return name.length() > 2 && (name.startsWith("*.") || name.endsWith(".*"));
    }

    private void add(String name, VirtualServer s) {
        if (name.startsWith("~")) {
            regexes.add(new Regex(Pattern.compile(name.substring(1), Pattern.CASE_INSENSITIVE), s));
            return;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("*.")) {
            leadingWildcards.putIfAbsent(n.substring(2), s);
        } else if (n.startsWith(".")) {
            // ".example.com" is "example.com" and "*.example.com" together, ignored whole if either is taken
            String base = n.substring(1);
            if (!exact.containsKey(base) && !leadingWildcards.containsKey(base)) {
                exact.put(base, s);
                leadingWildcards.put(base, s);
            }
        } else if (n.endsWith(".*")) {
            trailingWildcards.putIfAbsent(n.substring(0, n.length() - 1), s);
        } else {
            exact.putIfAbsent(n, s);
        }
    }

    public VirtualServer defaultServer() { return defaultServer; }

    /** Whether {@code m}, an answer of {@link #select}, named a server rather than falling back to the default. */
    public boolean matched(ServerNameMatch m) { return m != defaultMatch; }

    /** {@code host} is already lowercased, without port or trailing dot; null when the request had none. */
    public ServerNameMatch select(String host) {
        if (host == null) {
            host = "";
        }
        VirtualServer s = exact.get(host);
        if (s != null) {
            return new ServerNameMatch(s, null);
        }
        if (!leadingWildcards.isEmpty()) {
            // try "b.example.com", then "example.com", then "com": the longest suffix wins
            for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
                s = leadingWildcards.get(host.substring(dot + 1));
                if (s != null) {
                    return new ServerNameMatch(s, null);
                }
            }
        }
        if (!trailingWildcards.isEmpty()) {
            for (int dot = host.lastIndexOf('.'); dot > 0; dot = host.lastIndexOf('.', dot - 1)) {
                s = trailingWildcards.get(host.substring(0, dot + 1));
                if (s != null) {
                    return new ServerNameMatch(s, null);
                }
            }
        }
        for (Regex r : regexes) {
            Matcher m = r.pattern.matcher(host);
            if (m.find()) {
                return new ServerNameMatch(r.server, m.toMatchResult());
            }
        }
        return defaultMatch;
    }
}

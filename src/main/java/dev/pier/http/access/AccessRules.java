package dev.pier.http.access;

import dev.pier.http.InetText;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code allow}/{@code deny} lines of a level, kept as nginx keeps them: one list per address family
 * ({@code all} goes into each), each checked in order, the first match deciding. An IPv4-mapped IPv6 client
 * is checked against the IPv4 list when there is one, and only against it.
 */
final class AccessRules {
    /** One line: a network (null for {@code all}) and whether it denies. */
    record Rule(InetText.Cidr network, boolean deny) {
        boolean matches(byte[] address) { return network == null || network.contains(address); }
    }

    /** What the rules say about a client: no rule of its family matched, or the first that did. */
    enum Verdict { NONE, ALLOW, DENY }

    private final List<Rule> inet = new ArrayList<>();
    private final List<Rule> inet6 = new ArrayList<>();
    private boolean hasInet;
    private boolean hasInet6;

    /** Adds a line: {@code cidr} null means {@code all}; {@code unix} lines are kept for no TCP client. */
    void add(InetText.Cidr cidr, boolean unix, boolean deny) {
        Rule rule = new Rule(cidr, deny);
        boolean all = cidr == null && !unix;
        if (all || cidr != null && cidr.address().length == 4) {
            inet.add(rule);
            hasInet = true;
        }
        if (all || cidr != null && cidr.address().length == 16) {
            inet6.add(rule);
            hasInet6 = true;
        }
    }

    Verdict check(InetSocketAddress client) {
        if (client == null || client.getAddress() == null) {
            return Verdict.NONE;
        }
        byte[] a = client.getAddress().getAddress();
        if (a.length == 16 && hasInet) {
            byte[] mapped = InetText.v4Mapped(a);
            if (mapped != null) {
                return first(inet, mapped);
            }
        }
        if (a.length == 4) {
            return hasInet ? first(inet, a) : Verdict.NONE;
        }
        return hasInet6 ? first(inet6, a) : Verdict.NONE;
    }

    private static Verdict first(List<Rule> rules, byte[] address) {
        for (Rule r : rules) {
            if (r.matches(address)) {
                return r.deny() ? Verdict.DENY : Verdict.ALLOW;
            }
        }
        return Verdict.NONE;
    }
}

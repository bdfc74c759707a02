package dev.pier.proxy.header;

import java.util.List;

/**
 * The {@code proxy_redirect} / {@code proxy_cookie_domain} / {@code proxy_cookie_path} lines of one level:
 * {@code off}, or rules tried in order. A level with any of its own replaces what it inherits, as nginx's merge.
 */
record RewriteList(boolean off, List<HeaderRewrite> rules) {
    static final RewriteList OFF = new RewriteList(true, List.of());

    boolean active() { return !off && !rules.isEmpty(); }
}

package dev.pier.differential;

/**
 * allow/deny and limit_except: rules in order (first match), levels replacing the inherited rules, IPv4 and
 * IPv6 lists (an IPv4 client against IPv6-only rules, IPv4-mapped addresses), the client address as realip
 * leaves it, error_page for the 403, satisfy any, and limit_except switching the methods it does not list to
 * its own configuration (GET bringing HEAD, method names in any case, the location's return not running
 * for them).
 */
final class AccessCases {
    private AccessCases() { }

    static Scenario scenario() {
        Scenario s = Scenario.of("access").host("access.test")
                .file("html/le/f.txt", "le file\n")
                .file("html/static/s.txt", "static file\n")
                .file("html/le-inherit/i.txt", "inherit file\n");
        for (String ip : new String[] {"10.1.2.3", "10.0.0.66", "11.0.0.1", "2001:db8::7", "2001:db9::7", "::ffff:10.1.2.3", "192.0.2.9"}) {
            s.get("/", "X-Real-IP: " + ip)
                    .get("/static/s.txt", "X-Real-IP: " + ip)
                    .get("/own/x", "X-Real-IP: " + ip)
                    .get("/v6only/x", "X-Real-IP: " + ip);
        }
        s.get("/")
                .get("/v4mapped/x", "X-Real-IP: ::ffff:10.0.0.5")
                .get("/v4mapped/x", "X-Real-IP: 10.0.0.5")
                .get("/v4mapped/x", "X-Real-IP: ::10.0.0.5")
                .get("/paged/x", "X-Real-IP: 11.0.0.1")
                .get("/paged/x", "X-Real-IP: 10.0.0.1")
                .get("/any/x", "X-Real-IP: 11.0.0.1")
                .get("/open/x", "X-Real-IP: 11.0.0.1")
                .get("/le/f.txt")
                .head("/le/f.txt")
                .method("POST", "/le/f.txt", "Content-Length: 0")
                .method("DELETE", "/le/f.txt")
                .method("FOO", "/le/f.txt")
                .get("/le-return/x")
                .method("POST", "/le-return/x", "Content-Length: 0")
                .head("/le-return/x")
                .head("/le-return/x", "X-Real-IP: 10.9.9.9")
                .method("PUT", "/le-return/x", "X-Real-IP: 10.9.9.9", "Content-Length: 0")
                .method("PUT", "/le-return/x", "Content-Length: 0")
                .get("/le-lower/x")
                .head("/le-lower/x")
                .method("POST", "/le-lower/x", "Content-Length: 0")
                .get("/le-inherit/i.txt")
                .method("OPTIONS", "/le-inherit/i.txt");
        return s;
    }
}

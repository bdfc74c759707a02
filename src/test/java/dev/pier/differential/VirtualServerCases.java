package dev.pier.differential;

/** Server selection by Host: exact, wildcard and regex names, default_server, missing and invalid hosts. */
final class VirtualServerCases {
    private VirtualServerCases() { }

    static Scenario scenario() {
        return Scenario.of("virtual-servers")
                .req("exact name", "GET / HTTP/1.1", "Host: exact.test")
                .req("second exact name", "GET / HTTP/1.1", "Host: www.exact.test")
                .req("uppercase host", "GET / HTTP/1.1", "Host: EXACT.Test")
                .req("host with port", "GET / HTTP/1.1", "Host: exact.test:8080")
                .req("host with trailing dot", "GET / HTTP/1.1", "Host: exact.test.")
                .req("first server by name", "GET / HTTP/1.1", "Host: first.test")
                .req("front wildcard", "GET / HTTP/1.1", "Host: a.wild.test")
                .req("front wildcard two labels", "GET / HTTP/1.1", "Host: a.b.wild.test")
                .req("front wildcard bare domain", "GET / HTTP/1.1", "Host: wild.test")
                .req("back wildcard", "GET / HTTP/1.1", "Host: wild.example.org")
                .req("regex named capture", "GET / HTTP/1.1", "Host: blog.re.test")
                .req("regex numbered capture", "GET / HTTP/1.1", "Host: num42.test")
                .req("unknown host goes to default_server", "GET / HTTP/1.1", "Host: nowhere.test")
                .req("empty host header", "GET / HTTP/1.1", "Host:")
                .req("no host on HTTP/1.0", "GET / HTTP/1.0")
                .req("no host on HTTP/1.1", "GET / HTTP/1.1")
                .req("duplicate host", "GET / HTTP/1.1", "Host: exact.test", "Host: first.test")
                .req("host with double dot", "GET / HTTP/1.1", "Host: exact..test")
                .req("host with slash", "GET / HTTP/1.1", "Host: exact.test/x")
                .req("host with backslash", "GET / HTTP/1.1", "Host: exact\\test")
                .req("host with control character", "GET / HTTP/1.1", "Host: a\u0001b")
                .req("host with space", "GET / HTTP/1.1", "Host: a b")
                .req("host only a dot", "GET / HTTP/1.1", "Host: .")
                .req("host only a port", "GET / HTTP/1.1", "Host: :80")
                .req("host with empty port", "GET / HTTP/1.1", "Host: exact.test:")
                .req("host unclosed bracket", "GET / HTTP/1.1", "Host: [::1")
                .req("host with latin-1 letter", "GET / HTTP/1.1", "Host: \u00c9xact.test")
                .req("empty host on HTTP/1.0", "GET / HTTP/1.0", "Host:")
                .req("absolute-form without Host on HTTP/1.1", "GET http://exact.test/ HTTP/1.1")
                .req("absolute-form with invalid host", "GET http://a..b/ HTTP/1.1", "Host: exact.test")
                .req("TRACE without Host on HTTP/1.1", "TRACE / HTTP/1.1")
                .req("host bracketed ipv6", "GET / HTTP/1.1", "Host: [::1]:80")
                .req("host ip literal", "GET / HTTP/1.1", "Host: 127.0.0.1")
                .req("absolute-form target overrides Host", "GET http://exact.test/ HTTP/1.1", "Host: first.test")
                .req("absolute-form target with port", "GET http://num7.test:99/x HTTP/1.1", "Host: first.test")
                .req("absolute-form https scheme", "GET https://first.test/ HTTP/1.1", "Host: exact.test");
    }
}

package dev.pier.differential;

/** {@code map} (exact, regex, captures, hostnames, include), {@code split_clients} buckets and {@code geo} lookups. */
final class MapCases {
    private MapCases() { }

    static Scenario scenario() {
        Scenario s = Scenario.of("maps").host("maps.test")
                .file("conf/keys.map", "included from-file;\n")
                .get("/map?k=a")
                .get("/map?k=A")
                .get("/map?k=zzz")
                .get("/map")
                .get("/map?k=")
                .get("/map?k=xy")
                .get("/map?k=qq")
                .get("/map?k=default")
                .get("/map?k=~lit")
                .get("/map?k=/u")
                .get("/map?k=included")
                .get("/lz/?k=xy")
                .get("/lz/?k=zz")
                .get("/redirect?k=A")
                .get("/fresh")
                .get("/cycle")
                .get("/named?k=xy")
                .get("/named?k=zz")
                .get("/pair?a=1&b=2")
                .get("/pair?a=10&b=20")
                .get("/pair?a=x")
                .get("/pair")
                .get("/nodefault?ip=10.2.2.2")
                .get("/nodefault?ip=11.2.2.2")
                .get("/nodefault?ip=nope")
                .get("/host?h=*.example.com")
                .get("/host?h=a.example.com");
        for (String host : new String[] {"example.com", "EXAMPLE.com.", "a.example.com", "b.example.com", "x.b.example.com",
                "c.example.com", "x.c.example.com", "www.example.net", "www.example", "www.foo", "org", "a.org",
                "abc.re.net", "a.b.c.www.example.com", "unknown.test", "com", "b.example.com.", "x.y.b.example.com",
                "other.com", ".example.com", "example..com"}) {
            s.req("hostnames " + host, "GET /host HTTP/1.1", "Host: " + host);
        }
        for (String key : new String[] {"", "a", "b", "abc", "hello%20world", "127.0.0.1", "user-1", "user-42", "AbCdEfGh",
                "%C3%A9t%C3%A9", "\u00e9t\u00e9", "session=9f8e7d", "longer-key-with-many-characters-0001"}) {
            s.get("/split?k=" + key);
        }
        for (String ip : new String[] {"10.1.2.3", "10.1.2.4", "10.2.3.4", "garbage", "", "::1", "::ffff:10.1.2.3",
                "2001:db8:1::5", "2001:db8:2::5", "2001:DB8::", "1.2.3.4", "10.0.1.10", "10.0.1.11", "10.0.1.30",
                "10.0.0.1", "1.2..3", "01.002.3.4", "%3A%3A1", "1.2.3.4.5", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "255.255.255.255"}) {
            s.get("/geo?ip=" + ip);
        }
        s.get("/geo");
        String[][] forwarded = {
            {}, {"X-Forwarded-For: 1.2.3.4"}, {"X-Forwarded-For: 5.5.5.5, 1.2.3.4"}, {"X-Forwarded-For: 1.2.3.4, 10.0.0.7"},
            {"X-Forwarded-For: 10.0.0.1, 10.0.0.7"}, {"X-Forwarded-For: 1.2.3.4,10.0.0.7 , "}, {"X-Forwarded-For: junk"},
            {"X-Forwarded-For: 1.2.3.4:8080"}, {"X-Forwarded-For: [::1]:80"}, {"X-Forwarded-For: ::1"},
            {"X-Forwarded-For: 1.2.3.4", "X-Forwarded-For: 10.0.0.9"}, {"X-Forwarded-For: 10.0.0.9", "X-Forwarded-For: 1.2.3.4"},
            {"X-Forwarded-For: 1.2.3.4", "X-Forwarded-For: 127.0.0.5, 10.0.0.9"}, {"X-Forwarded-For: ::ffff:10.0.0.1, 10.0.0.2"},
            // ngx_cidr_match: a mapped address is trusted by the IPv4 networks only, not by proxy ::ffff:0:0/96
            {"X-Forwarded-For: 5.5.5.5, ::ffff:1.2.3.4"}, {"X-Forwarded-For: 5.5.5.5, ::ffff:10.0.0.3"},
        };
        for (String[] headers : forwarded) {
            s.get("/proxy", headers);
            s.get("/proxy?ip=10.1.1.1", headers);
        }
        return s;
    }
}

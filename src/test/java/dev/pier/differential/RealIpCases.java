package dev.pier.differential;

/**
 * realip: X-Forwarded-For (one line, several, recursive walks), X-Real-IP, another header, ports and IPv6 in
 * the header, IPv4-mapped addresses against IPv6 networks, untrusted peers, a location's own set_real_ip_from, and keep-alive (the next request starts
 * from the peer's address again). Answers show $remote_addr and friends through return and add_header.
 */
final class RealIpCases {
    private RealIpCases() { }

    static Scenario scenario() {
        return Scenario.of("realip").host("xff.test")
                .file("html/static/f.txt", "static\n")
                .get("/")
                .get("/", "X-Forwarded-For: 1.2.3.4")
                .get("/", "X-Forwarded-For: 1.2.3.4, 5.6.7.8")
                .get("/", "X-Forwarded-For: 1.2.3.4 ,")
                .get("/", "X-Forwarded-For: 1.2.3.4:8080")
                .get("/", "X-Forwarded-For: [2001:db8::1]:443")
                .get("/", "X-Forwarded-For: 2001:DB8:0:0:0:0:0:1")
                .get("/", "X-Forwarded-For: ::ffff:1.2.3.4")
                .get("/", "X-Forwarded-For: ::1.2.3.4")
                .get("/", "X-Forwarded-For: 1:0:0:0:1:0:0:0")
                .get("/", "X-Forwarded-For: garbage")
                .get("/", "X-Forwarded-For: 1.2.3.4:0")
                .get("/", "X-Forwarded-For: 1..2.3")
                .get("/", "X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2.2.2.2")
                .get("/", "X-Real-IP: 4.4.4.4")
                .get("/", "X-Forwarded-For: 9.9.9.9")
                .get("/port", "X-Forwarded-For: 1.2.3.4:8080")
                .get("/port", "X-Forwarded-For: 1.2.3.4")
                .get("/port", "X-Forwarded-For: [::1]:65535")
                .get("/bin", "X-Forwarded-For: 1.2.3.4")
                .get("/bin", "X-Forwarded-For: ::ffff:1.2.3.4")
                .get("/geo", "X-Forwarded-For: 9.9.8.1")
                .get("/geo")
                .pipelined("keep-alive: the next request has the peer's address", 2,
                        "GET / HTTP/1.1\r\nHost: xff.test\r\nX-Forwarded-For: 7.7.7.7\r\n\r\n"
                        + "GET / HTTP/1.1\r\nHost: xff.test\r\n\r\n")
                .host("xffr.test")
                .get("/r", "X-Forwarded-For: 1.2.3.4, 10.0.0.1, 10.0.0.2")
                .get("/r", "X-Forwarded-For: 1.2.3.4, 5.6.7.8, 10.0.0.2")
                .get("/r", "X-Forwarded-For: 10.0.0.1, 10.0.0.2")
                .get("/r", "X-Forwarded-For: garbage, 10.0.0.2")
                .get("/r", "X-Forwarded-For: 1.2.3.4", "X-Forwarded-For: 10.0.0.5")
                .get("/r", "X-Forwarded-For: 1.2.3.4, 10.0.0.9", "X-Forwarded-For: 10.0.0.5")
                .get("/r", "X-Forwarded-For: 6.6.6.6", "X-Forwarded-For: garbage", "X-Forwarded-For: 10.0.0.5")
                .get("/r", "X-Forwarded-For: 2001:db8::5, 10.0.0.1")
                .get("/r", "X-Forwarded-For: 5.5.5.5, ::ffff:10.0.0.1")
                .get("/r", "X-Forwarded-For: 5.5.5.5,10.0.0.1,,  ")
                .get("/port?r", "X-Forwarded-For: 3.3.3.3, [2001:db8::7]:99")
                .get("/port?r", "X-Forwarded-For: 3.3.3.3:1234, 10.1.1.1:99")
                .get("/port?r", "X-Forwarded-For: garbage, 10.1.1.1:99")
                .host("xff6.test")
                .get("/", "X-Forwarded-For: 5.5.5.5, ::ffff:10.0.0.1")
                .get("/", "X-Forwarded-For: 5.5.5.5, 2001:db8::1")
                .get("/", "X-Forwarded-For: 5.5.5.5, ::ffff:127.0.0.1")
                .host("xrip.test")
                .get("/x", "X-Real-IP: 1.2.3.4")
                .get("/x", "X-Real-IP: 1.2.3.4, 5.6.7.8")
                .get("/x", "X-Real-IP: 1.2.3.4", "X-Real-IP: 5.6.7.8")
                .get("/x", "x-real-ip: 8.8.4.4")
                .get("/x", "X-Forwarded-For: 1.2.3.4")
                .get("/x", "X-Real-IP: [::1]:80")
                .host("custom.test")
                .get("/c", "X-Client: 8.8.8.8")
                .get("/c", "X-Client: 8.8.8.8", "X-Client: 9.9.9.9")
                .get("/c", "x-client: 8.8.8.8, 127.0.0.1")
                .host("lc.test")
                .get("/l", "X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2.2.2.2")
                .get("/l", "X-Forwarded-For: 3.3.3.3, 10.0.0.1")
                .host("untrusted.test")
                .get("/u", "X-Forwarded-For: 1.2.3.4")
                .host("loc.test")
                .get("/static/f.txt", "X-Forwarded-For: 1.2.3.4")
                .get("/static/f.txt")
                .get("/ret", "X-Forwarded-For: 1.2.3.4")
                .get("/nothing/x", "X-Forwarded-For: 1.2.3.4");
    }
}

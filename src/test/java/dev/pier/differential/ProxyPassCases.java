package dev.pier.differential;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;

/**
 * proxy_pass to an echo backend: what the backend saw (request line, Host, Connection, the client's headers,
 * the body's framing and length) and what the client got, status codes of the upstream and of the proxy's
 * own errors included.
 */
final class ProxyPassCases {
    /** One echo backend for the whole run: both servers proxy to it. */
    private static OriginServer origin;

    private ProxyPassCases() { }

    static synchronized Scenario scenario() {
        if (origin == null) {
            origin = OriginServer.start("diff");
        }
        return Scenario.of("proxy-pass").host("proxy.test")
                .substitute("@ORIGIN@", origin.address())
                .substitute("@DEAD@", Integer.toString(NginxOracle.freePort()))
                .get("/x?y=1")
                .get("/app/one/two?q")
                .get("/a%20b/c%2Fd")
                .get("/a/../b")
                .head("/x")
                .get("/hdr", "X-Custom: 1", "Accept: */*", "Keep-Alive: 300", "TE: trailers", "Upgrade: foo", "Expect: nothing")
                .get("/cookie", "Cookie: a=1", "Cookie: b=2")
                .req("HTTP/1.0 client", "GET /ten HTTP/1.0")
                .req("HTTP/1.0 client, keep-alive", "GET /ten HTTP/1.0", "Connection: keep-alive")
                .raw("POST with a length", "POST /post HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 5\r\n\r\nhello")
                .raw("POST chunked", "POST /post HTTP/1.1\r\nHost: proxy.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                .raw("POST chunked to HTTP/1.1", "POST /h11/post HTTP/1.1\r\nHost: proxy.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n")
                .raw("POST empty", "POST /post HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 0\r\n\r\n")
                .raw("POST body not passed", "POST /nobody/x HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 3\r\n\r\nabc")
                .raw("POST with Expect", "POST /post HTTP/1.1\r\nHost: proxy.test\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
                .get("/h11/x")
                .get("/method/x")
                .get("/rw/a%20b?c=d")
                .get("/st/404")
                .get("/st/500")
                .get("/st/204")
                .get("/st/304")
                .head("/st/404")
                .get("/int/404")
                .get("/int/403")
                .get("/dead/x")
                .get("/gone/")
                .get("/chunked?n=2&size=3")
                .req("chunked answer to HTTP/1.0", "GET /chunked?n=2&size=3 HTTP/1.0")
                .get("/http10")
                .get("/respond?status=200&h=X-Accel-Buffering:no&h=X-Pad:x&h=X-Kept:y&body=b")
                .get("/respond?status=599&body=odd")
                .get("/big/70000");
    }
}

package dev.pier.differential;

/**
 * {@code proxy_pass} to shared {@code OriginServer} backends: the URI each form sends upstream, the request
 * headers and bodies the backend sees (its echo shows the request line, every header in order and the body
 * length), the responses passed back (statuses, chunked, hidden and passed headers, redirects and cookies
 * rewritten) and the failures (refused, garbage, closed, timeouts, intercepted errors), round robin over
 * an {@code upstream} of two, retries with {@code proxy_next_upstream}, {@code $upstream_*} variables and the
 * WebSocket upgrade handshake.
 */
final class ProxyCases {
    private static final String CHUNKED_ABC = "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n";

    private ProxyCases() { }

    static Scenario scenario() {
        Scenario s = Scenario.of("proxy").host("proxy.test").origin("a").origin("b");
        forms(s);
        uris(s);
        methods(s);
        headers(s.host("hdr.test"));
        bodies(s.host("body.test"));
        responses(s.host("resp.test"));
        failures(s.host("err.test"));
        retries(s.host("next.test"));
        return s;
    }

    /** Every proxy_pass form: without and with a URI part, in prefix, exact, regex and named locations, after rewrites. */
    private static void forms(Scenario s) {
        s.get("/plain/a/b?x=1")
                .get("/uri/a/b?x=1")
                .get("/uri/")
                .get("/noslash/y")
                .get("/noslashed")
                .get("/root/deep/path")
                .get("/exact")
                .get("/exact?q=1")
                .get("/exact-plain?q=1")
                .get("/regex/r/s?t=u")
                .get("/capture/c/d?e=f")
                .get("/capture/c%20d")
                .get("/rw/one/two?k=v")
                .get("/rwargs/x?orig=1")
                .get("/rwlast/moved?m=1")
                .get("/requri/q%41/x?y=%41")
                .get("/var/v/w?z=1")
                .get("/varuri/v/w?z=1")
                .get("/up/group?g=1")
                .get("/upuri/group/x")
                .get("/nested/inner/i?j=k")
                .get("/tonamed/n?o=p")
                .get("/limited/l")
                .method("POST", "/limited/l")
                .pipelined("round robin over two backends, keep-alive client", 4,
                        "GET /rr/1 HTTP/1.1\r\nHost: proxy.test\r\n\r\n".repeat(4))
                .get("/rr/5")
                .get("/rr/6");
    }

    /** What the URI sent upstream looks like after the client's escapes, dot segments and slashes. */
    private static void uris(Scenario s) {
        s.get("/plain/a%20b/%41%2F?q=%20")
                .get("/uri/a%20b/%41%2F?q=%20")
                .get("/uri/caf%C3%A9")
                .req("raw space in the URI, no URI part", "GET /plain/a b HTTP/1.1", "Host: proxy.test")
                .req("raw space in the URI, URI part", "GET /uri/a b HTTP/1.1", "Host: proxy.test")
                .get("/plain/x/../y")
                .get("/uri/x/../y")
                .get("/uri/x/%2e%2e/y")
                .get("/uri/./z")
                .get("/plain//a//b")
                .get("/uri//a//b")
                .req("merge_slashes off, no URI part", "GET /p//q//r HTTP/1.1", "Host: slashes.test")
                .req("merge_slashes off, URI part", "GET /uri//q//r HTTP/1.1", "Host: slashes.test")
                .get("/uri/x?")
                .get("/uri/x?a=1&a=2&b")
                .get("/uri/x?a=%zz&b=+")
                .get("/uri/a;b=c")
                .get("/uri/%7e%7E")
                .req("absolute-form request target", "GET http://proxy.test/uri/abs?a=1 HTTP/1.1", "Host: other.test");
    }

    /** Methods, with and without bodies. */
    private static void methods(Scenario s) {
        s.head("/plain/head")
                .method("DELETE", "/plain/del")
                .method("OPTIONS", "/plain/opt")
                .req("OPTIONS *", "OPTIONS * HTTP/1.1", "Host: proxy.test")
                .raw("POST with Content-Length", "POST /plain/post HTTP/1.1\r\nHost: proxy.test\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 5\r\n\r\nhello")
                .raw("POST empty", "POST /plain/post HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 0\r\n\r\n")
                .raw("PUT with Content-Length", "PUT /uri/put HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 3\r\n\r\nabc")
                .raw("DELETE with a body", "DELETE /plain/del HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 2\r\n\r\nxy")
                .raw("OPTIONS with a body", "OPTIONS /plain/opt HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 2\r\n\r\nxy")
                .raw("PATCH chunked", "PATCH /plain/patch HTTP/1.1\r\nHost: proxy.test\r\n" + CHUNKED_ABC)
                .raw("unknown method", "PURGE /plain/purge HTTP/1.1\r\nHost: proxy.test\r\n\r\n")
                .req("HTTP/1.0 without Host", "GET /plain/ten HTTP/1.0")
                .req("HTTP/1.0 with Host", "GET /plain/ten HTTP/1.0", "Host: proxy.test")
                .req("HTTP/1.0 keep-alive", "GET /plain/ten HTTP/1.0", "Host: proxy.test", "Connection: keep-alive")
                .raw("HTTP/1.0 POST", "POST /plain/ten HTTP/1.0\r\nContent-Length: 4\r\n\r\nabcd")
                .pipelined("two pipelined requests", 2, "GET /plain/p1 HTTP/1.1\r\nHost: proxy.test\r\n\r\n"
                        + "GET /uri/p2 HTTP/1.1\r\nHost: proxy.test\r\n\r\n");
    }

    /** Request headers: nginx's defaults, proxy_set_header and its inheritance, what is not passed on. */
    private static void headers(Scenario s) {
        s.get("/inherit/i", "User-Agent: t/1", "Accept: */*", "X-Custom: c")
                .get("/own/o", "X-Custom: c")
                .get("/empty/e", "User-Agent: t/1", "X-Drop: d", "X-Keep: k")
                .get("/host-host/h")
                .req("Host with a port, $host", "GET /host-host/h HTTP/1.1", "Host: Hdr.Test:8080")
                .req("Host with a port, $http_host", "GET /host-http-host/h HTTP/1.1", "Host: Hdr.Test:8080")
                .get("/host-fixed/h")
                .get("/host-up/h")
                .get("/xff/x")
                .get("/xff/x", "X-Forwarded-For: 10.0.0.1")
                .get("/xff/x", "X-Forwarded-For: 10.0.0.1", "X-Forwarded-For: 10.0.0.2, 10.0.0.3")
                .get("/vars/v?a=1")
                .get("/nohdr/n", "User-Agent: t/1", "X-Custom: c")
                .raw("proxy_pass_request_body off", "POST /nobody/b HTTP/1.1\r\nHost: hdr.test\r\nContent-Length: 3\r\n\r\nabc")
                .get("/v11/k", "Connection: keep-alive")
                .get("/v11up/k")
                .get("/conn/c")
                .get("/ua/u", "User-Agent: t/1")
                .get("/ua/u")
                .get("/inherit/hop", "Connection: keep-alive, X-Hop", "X-Hop: h", "Keep-Alive: 300", "TE: trailers",
                        "Upgrade: websocket", "Proxy-Connection: keep-alive")
                .get("/inherit/dup", "X-Dup: 1", "X-Dup: 2", "Cookie: a=1", "Cookie: b=2")
                .get("/inherit/under", "X_Under: u", "x-lower: l")
                .get("/inherit/expect", "Expect: something");
    }

    /** Request bodies: Content-Length, chunked (buffered into a Content-Length, or streamed), 100-continue, too large. */
    private static void bodies(Scenario s) {
        s.raw("Content-Length body", "POST /b HTTP/1.1\r\nHost: body.test\r\nContent-Length: 10\r\n\r\n0123456789")
                .raw("chunked body, buffered", "POST /b HTTP/1.1\r\nHost: body.test\r\n" + CHUNKED_ABC)
                .raw("chunked body, streamed over HTTP/1.1", "POST /stream/b HTTP/1.1\r\nHost: body.test\r\n" + CHUNKED_ABC)
                .raw("chunked body, streamed over HTTP/1.0", "POST /stream10/b HTTP/1.1\r\nHost: body.test\r\n" + CHUNKED_ABC)
                .raw("Content-Length body, streamed", "POST /stream/b HTTP/1.1\r\nHost: body.test\r\nContent-Length: 3\r\n\r\nabc")
                .raw("empty chunked body", "POST /b HTTP/1.1\r\nHost: body.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .raw("chunked body with a trailer", "POST /b HTTP/1.1\r\nHost: body.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\nab\r\n0\r\nX-Trailer: t\r\n\r\n")
                .pipelined("Expect: 100-continue with the body", 2, "POST /b HTTP/1.1\r\nHost: body.test\r\n"
                        + "Expect: 100-continue\r\nContent-Length: 4\r\n\r\nbody")
                .raw("body over client_max_body_size", "POST /b HTTP/1.1\r\nHost: body.test\r\nContent-Length: 2000\r\n\r\n"
                        + "x".repeat(2000))
                .pipelined("body then a pipelined GET", 2, "PUT /b HTTP/1.1\r\nHost: body.test\r\nContent-Length: 3\r\n\r\nabc"
                        + "GET /b2 HTTP/1.1\r\nHost: body.test\r\n\r\n");
    }

    /** What comes back: statuses, chunked bodies, headers hidden and passed, Location and Set-Cookie rewritten. */
    private static void responses(Scenario s) {
        s.get("/status/201")
                .get("/status/204")
                .get("/status/301")
                .get("/status/404")
                .get("/status/418")
                .get("/status/500")
                .get("/status/503")
                .head("/status/404")
                .get("/status/304")
                .get("/chunked?n=3&size=4")
                .get("/v11/chunked?n=3&size=4")
                .req("chunked from the backend to an HTTP/1.0 client", "GET /v11/chunked?n=2&size=3 HTTP/1.0", "Host: resp.test")
                .get("/v11/chunked?n=2&size=3&trailer=1", "TE: trailers")
                .get("/http10")
                .get("/big/70000")
                .get("/hide/respond?h=X-Secret:s&h=X-Kept:k&body=hidden")
                .get("/respond?h=X-Accel-Buffering:no&h=X-Pad:p&h=X-Kept:k&body=accel")
                .get("/respond?h=Server:origin/1&body=server")
                .get("/passserver/respond?h=Server:origin/1&body=server")
                .get("/respond?h=Content-Type:text/x-test&h=Cache-Control:no-store&h=Expires:0&body=types")
                .get("/respond?h=Connection:close&h=X-Kept:k&body=closing")
                .get("/respond?h=Keep-Alive:timeout=5&h=Transfer-Encoding:identity&body=hop")
                .get("/addhdr/status/200")
                .get("/addhdr/status/404")
                .get("/rd/x?status=302&h=Location:http://@ORIGIN:a@/respond/target")
                .get("/rd/x?status=301&h=Location:http://@ORIGIN:a@/elsewhere")
                .get("/rd/x?status=302&h=Location:/respond/relative")
                .get("/rd/x?status=201&h=Location:http://@ORIGIN:a@/respond/created")
                .get("/rd/x?status=302&h=Refresh:5%3B%20url=http://@ORIGIN:a@/respond/r")
                .get("/rdoff/x?status=302&h=Location:http://@ORIGIN:a@/respond/target")
                .get("/rdx/x?status=302&h=Location:http://origin.test/some/where")
                .get("/rdx/x?status=302&h=Location:http://other.test/p/q")
                .get("/rdx/x?status=302&h=Location:http://third.test/p")
                .get("/ck/x?h=Set-Cookie:id=1%3B%20Domain=origin.test%3B%20Path=/respond/sub&h=Set-Cookie:b=2%3B%20path=/respond/")
                .get("/ck/x?h=Set-Cookie:c=3%3B%20Domain=.origin.test%3B%20Path=/other")
                .get("/respond?h=Set-Cookie:a=1&h=Set-Cookie:b=2&body=cookies");
    }

    /** Backends that refuse, answer garbage, close, hang or are slow; proxy_intercept_errors with error_page. */
    private static void failures(Scenario s) {
        s.get("/refused/r")
                .get("/refused-up/r")
                .get("/garbage")
                .get("/close")
                .get("/sleep/2000")
                .get("/hang")
                .get("/slow/sleep/700")
                .get("/short")
                .head("/refused/r")
                .get("/intercept/status/404")
                .get("/intercept/status/500")
                .get("/intercept/status/503")
                .get("/intercept/status/200")
                .get("/intercept-refused/r")
                .get("/nointercept/status/404");
    }

    /** proxy_next_upstream over a group (a refused peer, a 404 passed on), $upstream_addr and $upstream_status, upgrades. */
    private static void retries(Scenario s) {
        String ws = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        s.get("/refused-first/r")
                .get("/refused-first/r2")
                .head("/refused-first/h")
                .raw("POST to a group whose first peer refuses", "POST /refused-first/p HTTP/1.1\r\nHost: next.test\r\n"
                        + "Content-Length: 2\r\n\r\nab")
                .get("/refused-once/r")
                .get("/refused-off/r")
                .get("/on404/status/404")
                .get("/on404/status/200")
                .raw("POST is not retried on 404", "POST /on404/status/404 HTTP/1.1\r\nHost: next.test\r\nContent-Length: 0\r\n\r\n")
                .get("/on404/status/404?again")
                .get("/single/status/503")
                .get("/single/sleep/10")
                .raw("WebSocket upgrade with the map idiom", "GET /ws-idiom HTTP/1.1\r\nHost: next.test\r\n" + ws)
                .req("upgrade idiom without an Upgrade header", "GET /ws-idiom/x HTTP/1.1", "Host: next.test");
    }
}

package dev.pier.differential;

/** Malformed and edge requests, HTTP versions, keep-alive and pipelining. */
final class ProtocolCases {
    private static final String LONG = "/" + "a".repeat(9000);

    private ProtocolCases() { }

    static Scenario scenario() {
        return Scenario.of("protocol").host("proto.test")
                .get("/ping")
                .req("HTTP/1.0 closes", "GET /ping HTTP/1.0")
                .req("HTTP/1.0 keep-alive", "GET /ping HTTP/1.0", "Connection: keep-alive")
                .req("HTTP/1.1 connection close", "GET /ping HTTP/1.1", "Host: a", "Connection: close")
                .raw("HTTP/0.9 simple request", "GET /ping\r\n")
                .req("HTTP/2.0 request line", "GET /ping HTTP/2.0", "Host: a")
                .req("HTTP/1.2 request line", "GET /ping HTTP/1.2", "Host: a")
                .req("HTTP/3.0 request line", "GET /ping HTTP/3.0", "Host: a")
                .req("bad protocol name", "GET /ping FOO/1.1", "Host: a")
                .req("junk after version", "GET /ping HTTP/1.1x", "Host: a")
                .req("lowercase method", "get /ping HTTP/1.1", "Host: a")
                .req("unknown method on return", "FOO /echo HTTP/1.1", "Host: a")
                .req("TRACE", "TRACE /ping HTTP/1.1", "Host: a")
                .req("OPTIONS star", "OPTIONS * HTTP/1.1", "Host: a")
                .req("target without slash", "GET ping HTTP/1.1", "Host: a")
                .req("long URI", "GET " + LONG + " HTTP/1.1", "Host: a")
                .req("long header", "GET /ping HTTP/1.1", "Host: a", "X-Big: " + "b".repeat(9000))
                .req("header without colon", "GET /ping HTTP/1.1", "Host: a", "NoColonHere")
                .req("header name with space", "GET /echo HTTP/1.1", "Host: a", "Bad Name: x")
                .req("request line with tab", "GET\t/ping HTTP/1.1", "Host: a")
                .req("double space in request line", "GET  /ping HTTP/1.1", "Host: a")
                .req("space in URI", "GET /echo a HTTP/1.1", "Host: a")
                .req("bad percent escape", "GET /echo%zz HTTP/1.1", "Host: a")
                .req("encoded NUL", "GET /echo%00 HTTP/1.1", "Host: a")
                .req("dot segments above root", "GET /../echo HTTP/1.1", "Host: a")
                .req("dot segments resolved", "GET /x/./y/../../echo HTTP/1.1", "Host: a")
                .req("merged slashes", "GET //echo HTTP/1.1", "Host: a")
                .raw("content-length and chunked", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .raw("bad chunk size", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
                .raw("unknown transfer-encoding", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n")
                .raw("chunked body then request", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n")
                .raw("content-length not a number", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n")
                .raw("negative content-length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n")
                .raw("two content-lengths", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx")
                .raw("body with content-length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc")
                .raw("leading empty lines", "\r\n\r\nGET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                .raw("bare LF line ends", "GET /ping HTTP/1.1\nHost: a\n\n")
                .raw("binary garbage", "\u0001\u0002\u0003 garbage\r\n\r\n")
                .pipelined("expect 100-continue", 2, "POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .raw("expect unknown", "POST /echo HTTP/1.1\r\nHost: a\r\nExpect: something\r\nContent-Length: 0\r\n\r\n")
                .raw("expect 100-continue on HTTP/1.0", "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n")
                .raw("chunked on HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .raw("connection close and keep-alive", "GET /ping HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n")
                .raw("connection header case", "GET /ping HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                .raw("HEAD on HTTP/1.0", "HEAD /ping HTTP/1.0\r\n\r\n")
                .raw("absolute URI with query only", "GET http://proto.test?x=1 HTTP/1.1\r\nHost: a\r\n\r\n")
                .raw("request target asterisk GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n")
                .raw("missing 404 location", "GET /missing/x HTTP/1.1\r\nHost: a\r\n\r\n")
                .raw("static 404 on HTTP/1.0", "GET /nothing HTTP/1.0\r\n\r\n")
                .raw("header folding", "GET /ping HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n")
                .raw("space before colon", "GET /ping HTTP/1.1\r\nHost : a\r\n\r\n")
                .pipelined("keepalive_requests 2 ends the second", 3, "GET /1 HTTP/1.1\r\nHost: ka.test\r\n\r\n"
                        + "GET /2 HTTP/1.1\r\nHost: ka.test\r\n\r\nGET /3 HTTP/1.1\r\nHost: ka.test\r\n\r\n")
                .pipelined("keepalive_timeout 0 closes", 2, "GET /noka/ HTTP/1.1\r\nHost: ka.test\r\n\r\n"
                        + "GET /1 HTTP/1.1\r\nHost: ka.test\r\n\r\n")
                .pipelined("two pipelined", 2, "GET /ping HTTP/1.1\r\nHost: a\r\n\r\nGET /echo?2 HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("pipelined with error in the middle", 3, "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n"
                        + "GET /missing/x HTTP/1.1\r\nHost: a\r\n\r\nGET /echo?3 HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("pipelined after close", 2, "GET /ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                        + "GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("pipelined after bad request", 2, "GET /ping HTTP/1.1\r\n\r\nGET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("pipelined HEAD then GET", 1, "HEAD /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("pipelined POST bodies", 2, "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nxy"
                        + "POST /echo?b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n");
    }
}

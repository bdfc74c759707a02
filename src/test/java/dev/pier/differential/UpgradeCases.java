package dev.pier.differential;

/**
 * Requests that ask for an upgrade but are answered without switching (no proxy in either server): the
 * answer is a normal one, and what the client sent after the request is read as its next request, exactly
 * as when no Upgrade was asked for (Pier holds those bytes until the response says it did not switch).
 */
final class UpgradeCases {
    private static final String WS = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    private UpgradeCases() { }

    static Scenario scenario() {
        return Scenario.of("upgrades").host("upgrade.test")
                .file("html/index.html", "index\n")
                .get("/ping", "Upgrade: websocket", "Connection: Upgrade")
                .get("/echo", "Upgrade: h2c", "Connection: Upgrade, HTTP2-Settings")
                .get("/", "Upgrade: websocket", "Connection: Upgrade")
                .req("upgrade on HTTP/1.0", "GET /echo HTTP/1.0", "Upgrade: websocket", "Connection: Upgrade")
                .pipelined("upgrade then a pipelined request", 2, "GET /ping HTTP/1.1\r\nHost: a\r\n" + WS + "\r\n"
                        + "GET /echo?next HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("upgrade then garbage", 2, "GET /ping HTTP/1.1\r\nHost: a\r\n" + WS + "\r\n"
                        + "\u0081\u0005hello\r\n\r\n")
                .pipelined("upgrade with a body then a pipelined request", 2, "POST /echo HTTP/1.1\r\nHost: a\r\n" + WS
                        + "Content-Length: 3\r\n\r\nabcGET /echo?after-body HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("upgrade with a chunked body then a pipelined request", 2, "POST /echo HTTP/1.1\r\nHost: a\r\n" + WS
                        + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /echo?after-chunks HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("upgrade with connection close then a pipelined request", 1, "GET /ping HTTP/1.1\r\nHost: a\r\n"
                        + "Upgrade: websocket\r\nConnection: close\r\n\r\nGET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
                .pipelined("three upgrade requests pipelined", 3, "GET /echo?1 HTTP/1.1\r\nHost: a\r\n" + WS + "\r\n"
                        + "GET /echo?2 HTTP/1.1\r\nHost: a\r\n" + WS + "\r\nGET /echo?3 HTTP/1.1\r\nHost: a\r\n" + WS + "\r\n")
                .pipelined("upgrade answered 404 then a pipelined request", 2, "GET /nothing HTTP/1.1\r\nHost: a\r\n" + WS + "\r\n"
                        + "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n");
    }
}

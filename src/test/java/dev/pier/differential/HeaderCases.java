package dev.pier.differential;

/**
 * {@code add_header} (inheritance across http, server and location, the statuses it applies to,
 * {@code always}, ETag and Last-Modified replacement, variables), {@code expires} forms, headers on responses
 * made before a location is chosen, and {@code charset}.
 */
final class HeaderCases {
    private HeaderCases() { }

    static Scenario scenario() {
        Scenario s = Scenario.of("headers").host("srv.test")
                .file("html/file.txt", "file\n")
                .file("html/x.css", "p { }\n")
                .file("html/x.js", "var a;\n")
                .file("html/page.html", "<p>page</p>\n")
                .req("http level inherited", "GET /inherit HTTP/1.1", "Host: hdr.test")
                .req("location replaces http level", "GET /own HTTP/1.1", "Host: hdr.test")
                .req("http level not on 404", "GET /missing404 HTTP/1.1", "Host: hdr.test")
                .req("http level on a missing file", "GET /nofile HTTP/1.1", "Host: hdr.test")
                .get("/ok")
                .get("/own")
                .get("/404")
                .get("/404always")
                .get("/r201")
                .get("/r204")
                .get("/r206")
                .get("/r301")
                .get("/r302")
                .get("/r303")
                .get("/r307")
                .get("/r308")
                .get("/r304")
                .get("/r400text")
                .get("/r418")
                .get("/r500")
                .get("/r410")
                .get("/files/file.txt")
                .get("/files/file.txt", "If-Modified-Since: @LASTMOD:html/file.txt@")
                .get("/files/file.txt", "Range: bytes=1-2")
                .get("/files/missing.txt")
                .head("/files/file.txt")
                .get("/etag")
                .get("/noetag")
                .get("/lastmod")
                .get("/cc")
                .get("/var?a=1")
                .get("/expmax")
                .get("/expoff")
                .get("/exp404")
                .get("/nested/inner/x")
                .get("/nested/own/x")
                .req("server-level return 403", "GET /any HTTP/1.1", "Host: ret.test")
                .req("server-level return 200", "GET /any HTTP/1.1", "Host: ret200.test")
                .raw("expect 100-continue on a built-in 404", "POST /404 HTTP/1.1\r\nHost: srv.test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .raw("expect 100-continue on a missing file", "POST /files/nothing HTTP/1.1\r\nHost: srv.test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .raw("bad request on a server with always headers", "GET / HTTP/1.1\r\nHost: hdr.test\r\nBad Header\r\n\r\n");
        for (String path : new String[] {"/text", "/json", "/404", "/files/file.txt", "/files/x.css", "/files/x.js",
                "/files/page.html", "/files/missing", "/css/x.css", "/css/file.txt", "/css/page.html", "/all/x.css",
                "/off/file.txt", "/var/file.txt?cs=koi8-r", "/var/file.txt?cs=", "/params", "/upper", "/same"}) {
            s.req("charset " + path, "GET " + path + " HTTP/1.1", "Host: cs.test");
        }
        return s;
    }
}

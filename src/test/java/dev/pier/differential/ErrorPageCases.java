package dev.pier.differential;

/**
 * {@code error_page} in its forms (URI, {@code =code}, bare {@code =}, {@code @named}, URL), inheritance,
 * {@code recursive_error_pages} and the redirect limit, and custom pages for the errors of the request reader
 * (400, 413, 414, 494) answered by the default server.
 */
final class ErrorPageCases {
    private ErrorPageCases() { }

    static Scenario scenario() {
        return Scenario.of("error-pages").host("err.test")
                .file("html/pages/404.html", "<p>custom 404</p>\n")
                .file("html/pages/400.txt", "custom 400 (text, so that HEAD answers compare)\n")
                .file("html/pages/414.html", "<p>custom 414</p>\n")
                .file("html/pages/494.html", "<p>custom 494</p>\n")
                .file("html/pages/413.html", "<p>custom 413</p>\n")
                .file("html/pages/405.html", "<p>custom 405</p>\n")
                .file("html/pages/403.html", "<p>custom 403</p>\n")
                .file("html/http502.html", "<p>http-level 502</p>\n")
                .file("html/file.txt", "file\n")
                .get("/nope")
                .req("missing file on HTTP/1.0", "GET /nope HTTP/1.0")
                .get("/nope", "If-Modified-Since: @LASTMOD:html/pages/404.html@")
                .get("/nope", "Range: bytes=0-3")
                .get("/pages/404.html")
                .get("/eq/x")
                .get("/eqc/x")
                .get("/named/x?z=1")
                .head("/named/x")
                .get("/url/x")
                .get("/url301/x")
                .get("/urlrel/x")
                .get("/url200/x")
                .get("/missingpage/x")
                .get("/args/x?orig=1")
                .get("/argsconst/x?orig=1")
                .get("/ret403")
                .get("/ret404text")
                .get("/ret502")
                .req("http-level page inherited by a server", "GET /ret502 HTTP/1.1", "Host: other.test")
                .req("no page in a server without error_page", "GET /ret404 HTTP/1.1", "Host: other.test")
                .get("/loop/x")
                .get("/rec/x")
                .get("/recoff/x")
                .get("/recpage/x")
                .head("/head/x")
                .raw("POST redirected to an error page becomes GET", "POST /head/x HTTP/1.1\r\nHost: err.test\r\nContent-Length: 3\r\n\r\nabc")
                .raw("POST to a file, 405 page in a named location", "POST /namedpost/file.txt HTTP/1.1\r\nHost: err.test\r\nContent-Length: 0\r\n\r\n")
                .raw("POST to a file, server 405 page", "POST /file.txt HTTP/1.1\r\nHost: err.test\r\nContent-Length: 0\r\n\r\n")
                .get("/nomatch/x")
                .get("/inherit/x")
                .get("/override/x")
                .get("/missingnamed/x")
                .get("/multi/x")
                .get("/gone/x")
                .pipelined("keep-alive after an error page", 2, "GET /nope HTTP/1.1\r\nHost: err.test\r\n\r\nGET /echo HTTP/1.1\r\nHost: err.test\r\n\r\n")
                .raw("HTTP/0.9 request for a missing file", "GET /nope\r\n")
                .raw("chunked POST to a missing file", "POST /nope HTTP/1.1\r\nHost: err.test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                .raw("expect 100-continue to a missing file", "POST /nope HTTP/1.1\r\nHost: err.test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .raw("expect 100-continue with a page by = code", "POST /eq/x HTTP/1.1\r\nHost: err.test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .raw("400 page for a bad request line", "GARBAGE\r\n\r\n")
                .raw("400 page for a bad header line", "GET / HTTP/1.1\r\nHost: err.test\r\nBad Header\r\n\r\n")
                .raw("400 page for HEAD with a bad header", "HEAD / HTTP/1.1\r\nHost: err.test\r\nBad Header\r\n\r\n")
                .raw("414 page", "GET /" + "a".repeat(1100) + " HTTP/1.1\r\nHost: err.test\r\n\r\n")
                .raw("494 page sent as 400", "GET / HTTP/1.1\r\nHost: err.test\r\nX-Big: " + "b".repeat(1100) + "\r\n\r\n")
                .raw("400 page for an invalid Host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n")
                .raw("400 page for a missing Host", "GET /x HTTP/1.1\r\n\r\n")
                .raw("413 page", "POST /file.txt HTTP/1.1\r\nHost: err.test\r\nContent-Length: 100\r\n\r\n");
    }
}

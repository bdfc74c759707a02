package dev.pier.differential;

/** Built-in variables as {@code return} bodies render them: request line, arguments, headers, cookies, paths. */
final class VariableCases {
    private VariableCases() { }

    static Scenario scenario() {
        return Scenario.of("variables").host("vars.test")
                .get("/status")
                .get("/nf")
                .get("/request")
                .req("request on HTTP/1.0", "GET /request HTTP/1.0", "Host: vars.test")
                .head("/request")
                .get("/args?x=1&y=2")
                .get("/args?")
                .get("/args")
                .get("/args?X=up&x=low")
                .get("/headers", "Content-Type: text/x", "Cookie: a=1; x=two", "X: three", "User-Agent: ua/1", "Referer: http://r/")
                .get("/headers")
                .raw("headers with a body length", "POST /headers HTTP/1.1\r\nHost: vars.test\r\nContent-Length: 4\r\n"
                        + "Content-Type: a/b\r\n\r\nbody")
                .get("/files/a/b.txt")
                .get("/aliased/c.txt")
                .get("/id", "X-Pad: 12345")
                .req("request length on HTTP/1.0", "GET /id HTTP/1.0");
    }
}

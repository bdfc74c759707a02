package dev.pier.differential;

/** Location selection: =, ^~, longest prefix, regexes in order, nested, case-insensitive, captures. */
final class LocationCases {
    private LocationCases() { }

    static Scenario scenario() {
        return Scenario.of("locations").host("loc.test")
                .get("/")
                .get("/index.html")
                .get("/exact")
                .get("/exact/")
                .get("/exactly")
                .get("/docs/")
                .get("/docs")
                .get("/docs/page")
                .get("/docs/api/")
                .get("/docs/api/v1")
                .get("/docs/readme.txt")
                .get("/docs/api/readme.txt")
                .get("/docs/x.php")
                .get("/static/x.php")
                .get("/static/img.PNG")
                .get("/a/b.php")
                .get("/a/b.PHP")
                .get("/photo.JPG")
                .get("/photo.png")
                .get("/nest/")
                .get("/nest/run.cgi")
                .get("/nest/inner/x")
                .get("/nest/inner/x.cgi")
                .get("/nest/x.php")
                .get("/Case/x")
                .get("/case/x")
                .get("/cap/abc/123")
                .get("/cap/abc/x")
                .get("/order/second")
                .get("/%64ocs/encoded")
                .get("/docs/../exact")
                .get("/docs/x.php?y=1.txt")
                .get("/static/deep/x.php")
                .get("/static/deep/y")
                .get("/static/deeper.php")
                .get("/UPPER/Mixed")
                .get("/upper/")
                .get("/rx/a")
                .get("/rx/a.inner")
                .get("/rx/a.php")
                .get("/docs/api")
                .get("/DOCS/")
                .get("/docs/%2e%2e/exact")
                .head("/docs/x.php");
    }
}

package dev.pier.differential;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * auth_basic: every hash nginx reads (Apache MD5, {PLAIN}, {SHA}, {SSHA}, crypt's MD5, SHA-256, SHA-512,
 * bcrypt, DES) with the right and a wrong password, no credentials, broken credentials, an unknown user, a
 * missing user file, realms with variables and "off", error_page for the 401, satisfy any and all with
 * allow/deny, and auth_basic inside limit_except; auth_request answered 2xx, 401 (with an upstream's
 * challenge), 403, 500, a redirect and 404, auth_request_set from the subrequest's headers and status,
 * error_page for its 401, satisfy any, auth_request off, and two on one keep-alive connection.
 */
final class AuthCases {
    private AuthCases() { }

    static final String USERS = """
            # test users, one per hash scheme
            apr:$apr1$s/1g9wXD$W5G7obEpFJ89BYjVK8Ccd0
            plain:{PLAIN}pw-plain:a comment
            sha:{SHA}G5zynyVKZeHPqXetqic75L7ZkrM=
            ssha:{SSHA}DjXTyXWzK460WFceT7aehFS+vjhzYWx0c2FsdA==
            md5:$1$abcdefgh$sRyYqWQj2HqQ6Tw3JJfhq.
            s256:$5$25BYVUpJKuBTGLf0$N6YVoFWaxNmhHPLsiWP..5tBZf9AhFSkmyOptZQa9x5
            s512:$6$X2fu/8fdAuecEZ8U$KPhqLdSEkxDYZE0rv68lOah5UpEWKDY4hqDZhqpzCXQR7Ycaoc4eS76J0Aw4nWyB1g1a3nGr30OBQSXnP.c0.1
            bc:$2y$05$Oz/TGntunVQwdRXPDOnO/O1JouNRsIw51NfhVDBbbyGMZ6USjetiS
            des:LbAJcQE86lWbI
            apr:{PLAIN}second-line-never-read
            """;

    static Scenario scenario() {
        Scenario s = Scenario.of("auth").host("auth.test").origin("a")
                .file("conf/users.htpasswd", USERS)
                .file("html/f.txt", "secret file\n")
                .file("html/realm/f.txt", "realm file\n")
                .file("html/open/f.txt", "open file\n")
                .file("html/nofile/f.txt", "nofile file\n")
                .file("html/paged/f.txt", "paged file\n")
                .file("html/denied.html", "custom 401 page\n")
                .file("html/any/f.txt", "any file\n")
                .file("html/all/f.txt", "all file\n")
                .file("html/post-only/f.txt", "post-only file\n")
                .file("html/login.html", "please log in\n");
        for (String d : new String[] {"ar-ok", "ar-deny", "ar-login", "ar-broken", "ar-redirect", "ar-missing", "ar-origin-401",
                "ar-origin-200", "ar-paged", "ar-any", "ar-off", "ar-off/inner", "ar-returns"}) {
            s.file("html/" + d + "/f.txt", d + " file\n");
        }
        String[][] users = {{"apr", "pw-apr"}, {"plain", "pw-plain"}, {"sha", "pw-sha"}, {"ssha", "pw-ssha"}, {"md5", "pw-md5"},
                {"s256", "pw-256"}, {"s512", "pw-512"}, {"bc", "pw-bc"}, {"des", "pw-des"}};
        for (String[] u : users) {
            s.get("/f.txt", basic(u[0] + ":" + u[1]));
            s.get("/f.txt", basic(u[0] + ":wrong"));
        }
        s.get("/f.txt")
                .get("/f.txt", basic("nobody:x"))
                .get("/f.txt", basic("apr:second-line-never-read"))
                .get("/f.txt", "Authorization: Basic !!!not-base64")
                .get("/f.txt", "Authorization: Basic " + b64("no-colon"))
                .get("/f.txt", "Authorization: Bearer abc")
                .get("/f.txt", "Authorization: basic " + b64("apr:pw-apr"))
                .get("/f.txt", "Authorization: Basic    " + b64("apr:pw-apr"))
                .get("/realm/f.txt")
                .get("/open/f.txt")
                .get("/nofile/f.txt", basic("apr:pw-apr"))
                .get("/paged/f.txt")
                .get("/any/f.txt")
                .get("/any/f.txt", basic("apr:pw-apr"))
                .get("/all/f.txt", basic("apr:pw-apr"))
                .get("/post-only/f.txt")
                .method("POST", "/post-only/f.txt", "Content-Length: 0")
                .method("POST", "/post-only/f.txt", "Content-Length: 0", basic("sha:pw-sha"))
                .get("/returns/x")
                .host("xri.test")
                .get("/any/f.txt", "X-Real-IP: 10.1.1.1")
                .get("/any/f.txt", "X-Real-IP: 11.1.1.1")
                .get("/any/f.txt", "X-Real-IP: 11.1.1.1", basic("md5:pw-md5"))
                .host("ar.test")
                .get("/ar-ok/f.txt")
                .get("/ar-deny/f.txt")
                .get("/ar-login/f.txt")
                .get("/ar-broken/f.txt")
                .get("/ar-redirect/f.txt")
                .get("/ar-missing/f.txt")
                .get("/ar-origin-401/f.txt")
                .get("/ar-origin-200/f.txt?x=1")
                .raw("POST with a body: the auth subrequest gets none", "POST /ar-origin-200/f.txt HTTP/1.1\r\nHost: ar.test\r\n"
                        + "Content-Length: 5\r\n\r\nhello")
                .get("/ar-paged/f.txt")
                .get("/ar-any/f.txt")
                .get("/ar-off/f.txt")
                .get("/ar-off/inner/f.txt")
                .get("/ar-returns/x")
                .pipelined("keep-alive: auth_request on two requests of one connection", 2,
                        "GET /ar-ok/f.txt HTTP/1.1\r\nHost: ar.test\r\n\r\nGET /ar-deny/f.txt HTTP/1.1\r\nHost: ar.test\r\n\r\n");
        return s;
    }

    private static String basic(String credentials) { return "Authorization: Basic " + b64(credentials); }

    private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1)); }
}

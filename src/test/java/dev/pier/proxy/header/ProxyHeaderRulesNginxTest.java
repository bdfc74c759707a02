package dev.pier.proxy.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.Version;
import dev.pier.http.ContentHandler;
import dev.pier.http.HttpExchange;
import dev.pier.proxy.ProxyPass;
import dev.pier.testing.NginxOracle;
import dev.pier.testing.PierTestServer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The header rules against nginx 1.22: nginx proxies each case to {@link EchoBackend}, which shows in its body
 * the request head nginx sent and answers with the header lines the case asks for; Pier runs the same
 * configuration with a content handler that applies {@link UpstreamRequestHeaders#write} and
 * {@link UpstreamResponseHeaders#copy} to the same request and the same upstream lines. The upstream request's
 * header lines must be equal in order and case, and the client response's lines equal as a list per name.
 */
class ProxyHeaderRulesNginxTest {
    private static final String NGINX_SERVER = "nginx/1.22.1";

    /** One row: a location (modifier, name, its directives, proxy_pass URI part), a request, and upstream lines. */
    record Case(String server, String modifier, String pattern, String directives, String passUri, String path,
                List<String> client, List<String> upstream, int status) {
        String target(int backendPort) {
            StringBuilder q = new StringBuilder(path).append("?t=1");
            for (String h : upstream) {
                q.append("&h=").append(URLEncoder.encode(h.replace("BACKEND", "127.0.0.1:" + backendPort), StandardCharsets.ISO_8859_1));
            }
            if (status != 200) {
                q.append("&s=").append(status);
            }
            return q.toString();
        }

        @Override public String toString() { return server + " " + modifier + " " + pattern + " { " + directives + " }"; }
    }

    private static Case loc(String pattern, String directives, String passUri, List<String> client, String... upstream) {
        return new Case("one", "", pattern, directives, passUri, pattern + "q", client, List.of(upstream), 200);
    }

    private static final List<Case> CASES = List.of(
            // proxy_redirect's default rule, as ngx_http_proxy_merge_loc_conf makes it
            loc("/c01/", "", "/x/", List.of("User-Agent: t"), "Location: http://BACKEND/x/zz"),
            loc("/c02/", "", null, List.of(), "Location: http://BACKEND/c02/k", "Refresh: 5; url=http://BACKEND/c02/r"),
            loc("/c03/", "", "/", List.of(), "Location: http://BACKEND/in"),
            new Case("one", "=", "/c04", "", "/y", "/c04", List.of(), List.of("Location: http://BACKEND/y/z"), 200),
            new Case("one", "~", "^/c05/", "", null, "/c05/q", List.of(), List.of("Location: http://BACKEND/c05/a"), 200),
            loc("/c06/", "absolute_redirect off;", "/x/", List.of(), "Location: http://BACKEND/x/q"),
            loc("/c07/", "proxy_redirect off;", "/x/", List.of(), "Location: http://BACKEND/x/q"),
            // explicit pairs: the first that applies wins; a relative Location no rule takes stays relative
            loc("/c08/", "proxy_redirect http://foo/ /bar/; proxy_redirect http://foo/ /never/; proxy_redirect / /rel/;", null,
                    List.of(), "Location: http://foo/zz", "Refresh: 0; URL=http://foo/r"),
            loc("/c09/", "proxy_redirect http://foo/ /bar/;", null, List.of(), "Location: /local", "Refresh: 3"),
            loc("/c10/", "proxy_redirect ~^http://(x)(.*)$ http://$1Z$2;", null, List.of(), "Location: http://xyz/q"),
            loc("/c11/", "proxy_redirect ~*^HTTP://UP/(.*)$ /down/$1;", null, List.of(), "Location: http://up/a/b"),
            loc("/c12/", "proxy_redirect ~^HTTP://UP/ /no/;", null, List.of(), "Location: http://up/a"),
            loc("/c33/", "proxy_redirect http://a/ http://b/;", null, List.of(), "location: http://a/x"),
            loc("/c34/", "proxy_redirect /rel/ /abs/;", null, List.of(), "LOCATION: /rel/y"),
            loc("/c35/", "proxy_redirect http://foo/ /bar/;", null, List.of(), "Location: http://foo/a", "location: http://foo/b",
                    "Location: http://other/c"),
            loc("/c13/", "proxy_redirect http://foo/ http://$host:1234/v/; proxy_redirect http://$host/ /vh/;", null, List.of(),
                    "Location: http://h/p", "Refresh: 1; url=http://foo/zz"),
            loc("/c14/", "proxy_redirect ~^http://(?<hostpart>[^/]+)/(?<rest>.*)$ /n/$rest?h=$hostpart;", null, List.of(),
                    "Location: http://some.host/a/b"),
            // proxy_set_header: the location's own list replaces http's; empty values send nothing but hide the client's line
            loc("/c15/", "proxy_set_header X-B b; proxy_set_header X-B b2; proxy_set_header User-Agent \"\";"
                    + " proxy_set_header X-V $http_x_none; proxy_set_header x-lower $http_x_in;", null,
                    List.of("User-Agent: ua", "X-In: in", "X-B: client", "x-b: client2", "X-Other: o")),
            loc("/c16/", "proxy_set_header Host $host; proxy_set_header Connection \"\"; proxy_set_header Upgrade $http_upgrade;", null,
                    List.of("Upgrade: websocket", "Keep-Alive: 300", "TE: trailers", "X-Keep: k")),
            loc("/c17/", "proxy_pass_request_headers off; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", null,
                    List.of("X-Forwarded-For: 10.0.0.1", "X-Dropped: d")),
            loc("/c18/", "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", null,
                    List.of("X-Forwarded-For: a", "X-Forwarded-For:", "X-Forwarded-For: b, c")),
            loc("/c19/", "proxy_set_header X-Real $proxy_add_x_forwarded_for;", null, List.of("X-Real: client")),
            loc("/c20/", "", null, List.of("X-Mixed-Case: v", "accept: */*", "X-Dup: 1", "X-Dup: 2", "Keep-Alive: 1", "TE: x",
                    "Upgrade: y", "Host-Not: h")),
            // hidden and passed upstream lines
            loc("/c21/", "proxy_pass_header Server; proxy_pass_header Date; proxy_pass_header X-Accel-Buffering; proxy_pass_header X-H;",
                    null, List.of(), upstreamMix()),
            loc("/c22/", "", null, List.of(), upstreamMix()),
            loc("/c23/", "proxy_hide_header X-O; proxy_hide_header Content-Type;", null, List.of(), upstreamMix()),
            loc("/c24/", "proxy_pass_header Server; proxy_pass_header date;", null, List.of(), "X-A: 1"),
            // Set-Cookie: domain and path rules; a rewritten value is written again with "; " between attributes
            loc("/c25/", "proxy_cookie_domain .backend.org example.com; proxy_cookie_domain ~^(.+)\\.regex\\.org$ $1.example.net;"
                    + " proxy_cookie_path /app/ /c25/; proxy_cookie_path ~*^/ADMIN(.*)$ /adm$1;", null, List.of(),
                    "Set-Cookie: a=b; Domain=.Backend.ORG;Path=/app/x;  HttpOnly;", "Set-Cookie: c=d",
                    "Set-Cookie: path=/app/; domain=backend.org", "Set-Cookie: e=f;  Path=/other", "Set-Cookie: g=h; domain=x.regex.org",
                    "Set-Cookie: i=j; PATH=/admin/k; Secure", "Set-Cookie: noequals; path=/app/"),
            loc("/c31/", "proxy_cookie_flags one secure httponly samesite=strict; proxy_cookie_flags ~^t(w)o$ nosecure nohttponly"
                    + " nosamesite; proxy_cookie_flags three $http_x_flag; proxy_cookie_flags one nosecure;", null,
                    List.of("X-Flag: SameSite=None"), "Set-Cookie: one=1; Secure; path=/", "Set-Cookie: ONE=2",
                    "Set-Cookie: two=2; secure; HttpOnly;SameSite=Lax; Path=/", "Set-Cookie: three=3; samesite=NONE",
                    "Set-Cookie: three=4;  samesite=strict", "Set-Cookie: four=4;secure", "Set-Cookie: one=5; samesite=Lax"),
            loc("/c32/", "proxy_cookie_flags a bogus; proxy_cookie_path /p/ /q/;", null, List.of(), "Set-Cookie: a=1;  x",
                    "Set-Cookie: a=2;  path=/p/"),
            loc("/c26/", "", null, List.of(), "Set-Cookie: a=1; Path=/s/x; Domain=SRV.org", "Set-Cookie: b=2;path=/s"),
            loc("/c27/", "proxy_cookie_path off;", null, List.of(), "Set-Cookie: a=1; Path=/s/x; Domain=.srv.org"),
            new Case("one", "", "/c28/", "", "/x/", "/c28/q", List.of(), List.of("Location: http://BACKEND/x/moved", "X-Keep: 1"), 302),
            // X-Accel-Redirect: the redirected response keeps only nginx's few lines (here a location that returns 200)
            loc("/c29/", "proxy_cookie_path /app/ /c29/;", null, List.of(), "X-Accel-Redirect: /internal/x", "Content-Type: a/b",
                    "Set-Cookie: s=1; path=/app/", "Cache-Control: no-store", "Expires: 0", "Content-Disposition: inline",
                    "Accept-Ranges: none", "ETag: \"dropped\"", "X-Other: dropped", "Location: http://BACKEND/dropped"),
            loc("/c30/", "proxy_ignore_headers X-Accel-Redirect X-Accel-Expires;", null, List.of(), "X-Accel-Redirect: /internal/x",
                    "X-Accel-Expires: 5", "X-Other: kept"),
            // levels: the server's proxy_redirect and proxy_set_header, replaced by a location's own
            new Case("two", "", "/t1/", "", null, "/t1/q", List.of(), List.of("Location: http://srv-level/a"), 200),
            new Case("two", "", "/t2/", "proxy_redirect off;", null, "/t2/q", List.of(), List.of("Location: http://srv-level/a"), 200),
            new Case("two", "", "/t3/", "proxy_set_header X-Loc 3; proxy_redirect http://other/ /o/;", null, "/t3/q", List.of(),
                    List.of("Location: http://srv-level/a"), 200),
            new Case("two", "", "/t4/", "proxy_redirect http://other/ /o/;", null, "/t4/q", List.of(),
                    List.of("Location: http://other/b", "Refresh: 1;url=http://srv-level/x"), 200));

    private static String[] upstreamMix() {
        return new String[] {"Server: up", "Date: Sun, 06 Nov 1994 08:49:37 GMT", "X-Pad: 1", "X-Accel-Buffering: no",
            "X-Accel-Foo: 1", "X-Accel-Expires: 10", "X-H: 1", "X-O: 1", "Upgrade: h2c", "Keep-Alive: timeout=5",
            "Proxy-Connection: x", "Status: 201", "Content-Type: a/b", "Content-Type: c/d", "ETag: \"e\"",
            "Last-Modified: Mon, 01 Jan 2001 00:00:00 GMT", "Cache-Control: no-cache", "Cache-Control: private", "X-Empty:"};
    }

    private static EchoBackend backend;
    private static NginxOracle nginx;
    private static int nginxPort;
    private static PierTestServer pier;

    static String config(String listen, int backendPort) {
        String upstream = "http://127.0.0.1:" + backendPort;
        StringBuilder sb = new StringBuilder();
        sb.append("proxy_set_header X-Http 1;\nproxy_hide_header X-H;\n");
        for (String server : List.of("one", "two")) {
            sb.append("server {\n listen ").append(listen).append(server.equals("one") ? " default_server" : "")
                    .append(";\n server_name ").append(server).append(";\n");
            if (server.equals("one")) {
                sb.append(" proxy_cookie_path /s/ /server/;\n proxy_cookie_domain srv.org example.org;\n");
            } else {
                sb.append(" proxy_redirect http://srv-level/ /from-server/;\n proxy_set_header X-Server 2;\n");
            }
            for (Case c : CASES) {
                if (c.server().equals(server)) {
                    sb.append(" location ").append(c.modifier()).append(c.modifier().isEmpty() ? "" : " ").append(c.pattern())
                            .append(" { ").append(c.directives()).append(" proxy_pass ").append(upstream)
                            .append(c.passUri() == null ? "" : c.passUri()).append("; }\n");
                }
            }
            if (server.equals("one")) {
                sb.append(" location /internal/ { internal; return 200 \"in\\n\"; }\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    @BeforeAll static void start() throws Exception {
        Assumptions.assumeTrue(NginxOracle.available(), "nginx is not installed");
        backend = new EchoBackend();
        nginxPort = NginxOracle.freePort();
        nginx = NginxOracle.start(config("127.0.0.1:" + nginxPort, backend.port()), nginxPort);
        Map<String, ProxyPass> passes = new HashMap<>();
        for (Case c : CASES) {
            String url = "http://127.0.0.1:" + backend.port() + (c.passUri() == null ? "" : c.passUri());
            passes.put(c.pattern(), new ProxyPass(url, "http", "127.0.0.1:" + backend.port(), "127.0.0.1", backend.port(),
                    c.passUri(), null, false));
        }
        String proxyHost = "127.0.0.1:" + backend.port();
        ProxyHeadersModule.testContent = settings -> probe(UpstreamRequestHeaders.of(settings, ex -> proxyHost),
                UpstreamResponseHeaders.of(settings), passes);
        try {
            pier = PierTestServer.withConfig(config("127.0.0.1:0", backend.port()));
            pier.start();
        } finally {
            ProxyHeadersModule.testContent = null;
        }
    }

    /**
     * What the proxy handler will do with the two compiled objects, minus the network: the upstream request's
     * lines become the body, and the upstream's reply (as {@link EchoBackend} would send it) is copied into the head.
     */
    static ContentHandler probe(UpstreamRequestHeaders request, UpstreamResponseHeaders response, Map<String, ProxyPass> passes) {
        return ex -> {
            HttpHeaders sent = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
            request.write(ex, sent);
            StringBuilder body = new StringBuilder("GET - HTTP/1.0\r\n");
            sent.iteratorAsString().forEachRemaining(h -> body.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
            EchoBackend.Reply reply = EchoBackend.reply(ex.requestUri(), body.length());
            HttpHeaders fromUpstream = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
            for (String[] h : reply.headers()) {
                fromUpstream.add(h[0], h[1]);
            }
            if (response.accelRedirect(fromUpstream) != null) {
                // what the proxy handler does before it follows the redirect, here to a location that returns 200
                HttpResponse head = ex.newResponse(200);
                response.copyForAccelRedirect(ex, fromUpstream, head.headers());
                ex.send(head, Unpooled.copiedBuffer("in\n", StandardCharsets.ISO_8859_1));
                return;
            }
            HttpResponse head = ex.newResponse(reply.status());
            response.copy(ex, passes.get(ex.location().pattern()), fromUpstream, head.headers());
            ex.send(head, Unpooled.copiedBuffer(body.append("\r\n"), StandardCharsets.ISO_8859_1));
        };
    }

    @AfterAll static void stop() throws IOException {
        if (pier != null) {
            pier.stop();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    static Stream<Case> cases() { return CASES.stream(); }

    static String request(Case c, int backendPort) {
        StringBuilder sb = new StringBuilder("GET ").append(c.target(backendPort)).append(" HTTP/1.1\r\nHost: ")
                .append(c.server().equals("one") ? "h" : "two").append("\r\n");
        for (String h : c.client()) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Connection: close\r\n\r\n").toString();
    }

    static String exchange(int port, String request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void upstreamRequestHeadersAreNginxs(Case c) {
        String request = request(c, backend.port());
        RawResponse fromNginx = RawResponse.parse(exchange(nginxPort, request));
        RawResponse fromPier = RawResponse.parse(exchange(pier.port(), request));
        if (fromNginx.body().equals("in\n")) {
            assertThat(fromPier.body()).isEqualTo("in\n");   // followed an X-Accel-Redirect: no upstream request to show
            return;
        }
        assertThat(RawResponse.requestHeaderLines(fromPier.body()))
                .as("upstream request lines for %s", c)
                .containsExactlyElementsOf(RawResponse.requestHeaderLines(fromNginx.body()));
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void clientResponseHeadersAreNginxs(Case c) {
        String request = request(c, backend.port());
        RawResponse fromNginx = RawResponse.parse(exchange(nginxPort, request));
        RawResponse fromPier = RawResponse.parse(exchange(pier.port(), request));
        assertThat(fromPier.status()).isEqualTo(fromNginx.status());
        assertThat(comparable(fromPier, pier.port()))
                .as("response lines for %s", c)
                .containsExactlyElementsOf(comparable(fromNginx, nginxPort));
    }

    /**
     * The lines the header rules decide, as "Name: value" sorted by name (lines of one name keep their order):
     * framing and connection lines are the proxy handler's; the server's own Server and Date become "OWN";
     * the listening port, which differs, becomes PORT.
     */
    static List<String> comparable(RawResponse r, int port) {
        List<String[]> kept = new ArrayList<>();
        for (String[] h : r.headers()) {
            String name = h[0];
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive")) {
                continue;
            }
            String value = h[1].replace(":" + port, ":PORT");
            if (name.equals("Server") && (value.equals(NGINX_SERVER) || value.equals(Version.FULL))) {
                value = "OWN";
            }
            if (name.equals("Date") && value.endsWith(" GMT") && !value.contains("1994")) {
                value = "OWN";
            }
            kept.add(new String[] {name, value});
        }
        kept.sort(Comparator.comparing((String[] h) -> h[0], String.CASE_INSENSITIVE_ORDER));
        return kept.stream().map(h -> h[0] + ": " + h[1]).toList();
    }

    @Test void aHeaderTheClientsConnectionNamesIsNotPassedThoughNginxPassesIt() {
        Case c = loc("/c20/", "", null, List.of("Connection: X-Hop, keep-alive", "X-Hop: 1", "X-Stays: 2"));
        String request = request(c, backend.port()).replace("Connection: close\r\n", "");
        // the request keeps its connection open: read one response only
        String nginxSide = firstResponse(nginxPort, request);
        String pierSide = firstResponse(pier.port(), request);
        assertThat(RawResponse.requestHeaderLines(RawResponse.parse(nginxSide).body())).contains("X-Hop: 1", "X-Stays: 2");
        assertThat(RawResponse.requestHeaderLines(RawResponse.parse(pierSide).body())).contains("X-Stays: 2").doesNotContain("X-Hop: 1");
    }

    @Test void aHeaderTheUpstreamsConnectionNamesIsNotCopiedButUpgradeIs() {
        Case c = loc("/c22/", "", null, List.of(), "Connection: x-hop, upgrade", "X-Hop: 1", "Upgrade: h2c", "X-Stays: 2");
        String request = request(c, backend.port());
        List<String> nginxLines = comparable(RawResponse.parse(exchange(nginxPort, request)), nginxPort);
        List<String> pierLines = comparable(RawResponse.parse(exchange(pier.port(), request)), pier.port());
        assertThat(nginxLines).contains("X-Hop: 1", "Upgrade: h2c", "X-Stays: 2");
        assertThat(pierLines).contains("Upgrade: h2c", "X-Stays: 2").doesNotContain("X-Hop: 1");
    }

    @Test void theUpstreamsFramingAndConnectionLinesAreNeverCopied() {
        Case c = loc("/c22/", "", null, List.of(), "Transfer-Encoding: identity", "Keep-Alive: timeout=5", "Connection: keep-alive",
                "X-Stays: 1");
        RawResponse fromPier = RawResponse.parse(exchange(pier.port(), request(c, backend.port())));
        assertThat(fromPier.headers()).filteredOn(h -> h[0].equalsIgnoreCase("Content-Length")).singleElement()
                .satisfies(h -> assertThat(h[1]).isEqualTo(Integer.toString(fromPier.body().length())));
        assertThat(fromPier.headers()).noneMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding") || h[0].equalsIgnoreCase("Keep-Alive"));
        assertThat(fromPier.headers()).filteredOn(h -> h[0].equalsIgnoreCase("Connection")).singleElement()
                .satisfies(h -> assertThat(h[1]).isEqualTo("close"));
        assertThat(fromPier.headers()).anyMatch(h -> h[0].equals("X-Stays"));
    }

    @Test void aRequestBodysFramingIsLeftToTheProxyHandler() {
        Case c = loc("/c20/", "", null, List.of());
        String request = "POST " + c.target(backend.port()) + " HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nX-After: 1\r\n"
                + "Connection: close\r\n\r\nbody";
        List<String> nginxLines = RawResponse.requestHeaderLines(RawResponse.parse(exchange(nginxPort, request)).body());
        List<String> pierLines = RawResponse.requestHeaderLines(RawResponse.parse(exchange(pier.port(), request)).body());
        // nginx writes its Content-Length after Connection; the handler adds it (the rules never pass the client's)
        assertThat(nginxLines).contains("Content-Length: 4");
        assertThat(pierLines).containsExactlyElementsOf(nginxLines.stream().filter(l -> !l.startsWith("Content-Length:")).toList());
    }

    static String firstResponse(int port, String request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            int contentLength = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return sb.toString();
                }
                sb.append((char) b);
                if (contentLength < 0 && sb.toString().endsWith("\r\n\r\n")) {
                    var head = RawResponse.parse(sb.toString());
                    contentLength = head.headers().stream().filter(h -> h[0].equalsIgnoreCase("Content-Length"))
                            .map(h -> Integer.parseInt(h[1])).findFirst().orElse(0);
                    sb.append(new String(in.readNBytes(contentLength), StandardCharsets.ISO_8859_1));
                    return sb.toString();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

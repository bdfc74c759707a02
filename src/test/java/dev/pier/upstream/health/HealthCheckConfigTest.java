package dev.pier.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.config.syntax.ConfigException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The directives as the loader reads them: match rules and what they accept, and every load error. */
class HealthCheckConfigTest {
    private static final HttpHeaders NONE = new DefaultHttpHeaders();

    private static boolean passes(Match m, int status) {
        return m.firstFailure(status, NONE, "") == null;
    }

    private static boolean passes(Match m, HttpHeaders headers) {
        return m.firstFailure(200, headers, "") == null;
    }

    private static HttpHeaders headers(String... nameValue) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.add(nameValue[i], nameValue[i + 1]);
        }
        return h;
    }

    /** The error of loading {@code http} (the inside of an http block, which starts at line 3). */
    private static ConfigException error(String http) {
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> HealthFixtures.load(http));
    }

    private static void assertError(String http, String reason, int lineInHttp) {
        ConfigException e = error(http);
        assertThat(e).as("load error").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.source().line()).isEqualTo(lineInHttp + 2);
    }

    @Test void statusTestsTakeCodesRangesListsAndNegation() throws Exception {
        Map<String, Match> m = HealthFixtures.matches("""
                match ok { status 200-399; }
                match not500 { status ! 500; }
                match list { status 200 204; }
                match notList { status ! 301 302; }
                match notRange { status ! 400-599; }
                match mixed { status 301-303 307; }
                """);
        assertThat(passes(m.get("ok"), 200)).isTrue();
        assertThat(passes(m.get("ok"), 399)).isTrue();
        assertThat(passes(m.get("ok"), 400)).isFalse();
        assertThat(passes(m.get("ok"), 199)).isFalse();
        assertThat(passes(m.get("not500"), 500)).isFalse();
        assertThat(passes(m.get("not500"), 502)).isTrue();
        assertThat(passes(m.get("list"), 204)).isTrue();
        assertThat(passes(m.get("list"), 201)).isFalse();
        assertThat(passes(m.get("notList"), 302)).isFalse();
        assertThat(passes(m.get("notList"), 303)).isTrue();
        assertThat(passes(m.get("notRange"), 404)).isFalse();
        assertThat(passes(m.get("notRange"), 304)).isTrue();
        assertThat(passes(m.get("mixed"), 302)).isTrue();
        assertThat(passes(m.get("mixed"), 307)).isTrue();
        assertThat(passes(m.get("mixed"), 304)).isFalse();
        assertThat(m.get("ok").name()).isEqualTo("ok");
        assertThat(m.get("ok").needsBody()).isFalse();
    }

    @Test void withoutAMatchA2xxOr3xxPasses() {
        assertThat(passes(Match.DEFAULT, 200)).isTrue();
        assertThat(passes(Match.DEFAULT, 302)).isTrue();
        assertThat(passes(Match.DEFAULT, 399)).isTrue();
        assertThat(passes(Match.DEFAULT, 404)).isFalse();
        assertThat(passes(Match.DEFAULT, 500)).isFalse();
        assertThat(passes(Match.DEFAULT, 101)).isFalse();
        assertThat(Match.DEFAULT.name()).isEmpty();
    }

    @Test void headerTestsCompareTestPresenceAndMatchRegexes() throws Exception {
        Map<String, Match> m = HealthFixtures.matches("""
                match eq { header Content-Type = text/html; }
                match ne { header Content-Type != text/html; }
                match re { header Connection ~ close; }
                match notRe { header Connection !~ close; }
                match present { header Host; }
                match absent { header ! X-Accel-Redirect; }
                """);
        assertThat(passes(m.get("eq"), headers("content-type", "text/html"))).isTrue();
        assertThat(passes(m.get("eq"), headers("Content-Type", "text/html; charset=utf-8"))).isFalse();
        assertThat(passes(m.get("eq"), NONE)).isFalse();
        assertThat(passes(m.get("ne"), headers("Content-Type", "text/plain"))).isTrue();
        assertThat(passes(m.get("ne"), headers("Content-Type", "text/html"))).isFalse();
        assertThat(passes(m.get("ne"), NONE)).isFalse();
        assertThat(passes(m.get("re"), headers("Connection", "keep-alive, close"))).isTrue();
        assertThat(passes(m.get("re"), headers("Connection", "keep-alive"))).isFalse();
        assertThat(passes(m.get("notRe"), headers("Connection", "keep-alive"))).isTrue();
        assertThat(passes(m.get("notRe"), headers("Connection", "close"))).isFalse();
        assertThat(passes(m.get("present"), headers("Host", "a"))).isTrue();
        assertThat(passes(m.get("present"), NONE)).isFalse();
        assertThat(passes(m.get("absent"), NONE)).isTrue();
        assertThat(passes(m.get("absent"), headers("X-Accel-Redirect", "/x"))).isFalse();
    }

    @Test void bodyTestsMatchOrRefuseARegexAndEveryTestMustPass() throws Exception {
        Map<String, Match> m = HealthFixtures.matches("""
                match welcome { status 200; header Content-Type = text/html; body ~ "Welcome to nginx!"; }
                match notMaintenance { body !~ "maintenance mode"; }
                """);
        Match welcome = m.get("welcome");
        HttpHeaders html = headers("Content-Type", "text/html");
        assertThat(welcome.needsBody()).isTrue();
        assertThat(welcome.firstFailure(200, html, "<h1>Welcome to nginx!</h1>")).isNull();
        assertThat(welcome.firstFailure(200, html, "<h1>Welcome</h1>").phase()).isEqualTo("checking body");
        assertThat(welcome.firstFailure(500, html, "<h1>Welcome to nginx!</h1>").phase()).isEqualTo("checking status code");
        assertThat(welcome.firstFailure(200, NONE, "Welcome to nginx!").phase()).isEqualTo("checking header");
        assertThat(welcome.lastPhase()).isEqualTo("checking body");
        assertThat(m.get("notMaintenance").firstFailure(200, NONE, "all good")).isNull();
        assertThat(m.get("notMaintenance").firstFailure(200, NONE, "in maintenance mode")).isNotNull();
    }

    @Test void matchErrors() {
        assertError("match m { status abc; }", "invalid status \"abc\"", 1);
        assertError("match m { status 200-100; }", "invalid status \"200-100\"", 1);
        assertError("match m { status 99; }", "invalid status \"99\"", 1);
        assertError("match m {\n status !;\n}", "invalid number of arguments in \"status\" directive", 2);
        assertError("match m { header A B; }", "invalid number of arguments in \"header\" directive", 1);
        assertError("match m { header A == b; }", "invalid parameter \"==\"", 1);
        assertError("match m { body \"x\"; }", "invalid number of arguments in \"body\" directive", 1);
        assertError("match m { body = x; }", "invalid parameter \"=\"", 1);
        assertError("match m { body ~ \"(x\"; }", "pcre2_compile() failed: missing closing parenthesis in \"(x\"", 1);
        assertError("match m {\n\n send x;\n}", "unknown directive \"send\"", 3);
        assertError("match m { status 200; }\nmatch m { status 204; }", "duplicate match \"m\"", 2);
        assertError("server { match m { status 200; } }", "\"match\" directive is not allowed here", 1);
    }

    @Test void healthCheckParameterErrors() {
        String before = "server {\n location / {\n  health_check ";
        String after = ";\n }\n}";
        for (String bad : new String[] {"interval=abc", "interval=0", "jitter=x", "fails=0", "passes=-1", "fails=a",
                "uri=", "match=", "port=0", "port=65536", "mandatory=on", "persistent", "type=grpc", "keepalive_time=60s", "foo"}) {
            assertError(before + bad + after, "invalid parameter \"" + bad + "\"", 3);
        }
        assertError("server {\n health_check;\n}", "\"health_check\" directive is not allowed here", 2);
    }

    @Test void healthCheckParametersAreRead() throws Exception {
        // a configuration error that comes after the parameters are read shows they were accepted
        ConfigException e = error("""
                server {
                  location / {
                    health_check interval=200ms jitter=1s fails=3 passes=2 uri=/health port=8081 mandatory persistent;
                  }
                }
                """);
        assertThat(e.reason()).isEqualTo("\"health_check\" requires \"proxy_pass\" to an upstream group");
        assertThat(e.source().line()).isEqualTo(5);
    }

    @Test void aLocationWithoutProxyPassToAGroupCannotHaveAHealthCheck() {
        assertError("server {\n location / {\n  return 200;\n  health_check;\n }\n}",
                "\"health_check\" requires \"proxy_pass\" to an upstream group", 4);
        // a host, not an upstream block: its group cannot be checked
        assertError("server {\n location / {\n  proxy_pass http://127.0.0.1:1;\n  health_check;\n }\n}",
                "\"health_check\" requires \"proxy_pass\" to an upstream group", 4);
        // proxy_pass in the enclosing location does not reach a nested one
        assertError("server {\n location / {\n  proxy_pass http://127.0.0.1:1;\n  location /a {\n   health_check;\n  }\n }\n}",
                "\"health_check\" requires \"proxy_pass\" to an upstream group", 5);
    }

    @Test void aMatchNameMustBeDefinedSomewhereInHttp() throws Exception {
        assertError("server {\n location / {\n  health_check match=nope;\n }\n}", "match \"nope\" not found", 3);
        // defined after the location: found, so the next requirement speaks
        ConfigException e = error("server {\n location / {\n  health_check match=later;\n }\n}\nmatch later { status 200; }");
        assertThat(e.reason()).isEqualTo("\"health_check\" requires \"proxy_pass\" to an upstream group");
    }

    @Test void persistentNeedsMandatoryInEitherOrder() throws Exception {
        ConfigException e = error("server {\n location / {\n  health_check persistent mandatory;\n }\n}");
        assertThat(e.reason()).isEqualTo("\"health_check\" requires \"proxy_pass\" to an upstream group");
    }
}

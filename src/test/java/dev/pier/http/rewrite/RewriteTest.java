package dev.pier.http.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rewrite module on a running Pier: flags, if operators and blocks, set, cycles, and its error-log lines. */
class RewriteTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                server_name rw.test;
                rewrite ^/srv/(.*)$ /dump/$1 last;
                if ($arg_deny) { return 403; }

                location /dump { return 200 "uri=$uri args=$args"; }
                location /last { rewrite ^/last(.*)$ /dump$1 last; return 200 "not reached"; }
                location /break { rewrite ^/break(.*)$ /file$1 break; return 200 "not reached"; }
                location /none { rewrite ^ /dump; return 200 "went on with $uri"; }
                location /redirect { rewrite ^ /target redirect; }
                location /permanent { rewrite ^ /target?p=1 permanent; }
                location /absolute { rewrite ^ https://example.com/x; }
                location /loop { rewrite ^ /x last; }
                location /x { rewrite ^ /loop last; }
                location /logged { rewrite_log on; rewrite ^/nomatch /y; rewrite ^/logged(.*)$ /dump$1?z=1; }
                location /loggedredirect { rewrite_log on; rewrite ^/loggedredirect/(.*)$ /to/$1 permanent; }
                location /uninit { return 200 "[$never]"; }
                location /quiet { uninitialized_variable_warn off; return 200 "[$never]"; }
                location /define { set $never 1; return 200 $never; }
                location /set { set $a "$arg_v$arg_v"; set $args "from=set"; return 200 "a=$a args=$args"; }
                location /cmp { if ($arg_a = yes) { return 200 "equal"; } if ($arg_a != yes) { return 200 "different"; } }
                location /re { if ($http_x_tag ~* ^v(\\d+)$) { return 200 "version $1"; } return 200 "none"; }
                location /nre { if ($http_x_tag !~ ^v) { return 200 "not v"; } return 200 "v"; }
                location /truth { if ($arg_t) { return 200 "true"; } return 200 "false"; }
                location /file { if (-f $request_filename) { return 200 "is a file"; } if (!-e $request_filename) { return 404; } }
                location /switch { if ($arg_other) { root html/other; } }
            }
            """, prefix -> {
        Files.createDirectories(prefix.resolve("html/other/switch"));
        Files.writeString(prefix.resolve("html/file.txt"), "file body");
        Files.createDirectories(prefix.resolve("html/switch"));
        Files.writeString(prefix.resolve("html/switch/s.txt"), "main root");
        Files.writeString(prefix.resolve("html/other/switch/s.txt"), "other root");
    });

    private static Path log;

    @BeforeAll static void logToAFile() throws IOException {
        log = pier.prefix().resolve("logs/error.log");
        ErrorLog.install(log, LogLevel.INFO);
    }

    @AfterAll static void logToStderrAgain() throws IOException {
        ErrorLog.install(null, LogLevel.ERROR);
    }

    /** The error log once a line containing {@code expected} is in it (the log is written off the event loop). */
    private static String logWith(String expected) throws IOException, InterruptedException {
        String text = "";
        for (int i = 0; i < 100; i++) {
            text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (text.contains(expected)) {
                return text;
            }
            Thread.sleep(20);
        }
        return text;
    }

    private static HttpResponse<String> get(String path) { return pier.get(path); }

    @Test void serverRewriteRunsBeforeLocationMatching() {
        assertThat(get("/srv/a?b=1").body()).isEqualTo("uri=/dump/a args=b=1");
        assertThat(get("/srv/a?deny=1").statusCode()).isEqualTo(200);
        assertThat(get("/other?deny=1").statusCode()).isEqualTo(403);
    }

    @Test void lastSearchesTheLocationsAgain() {
        assertThat(get("/last/p?q=1").body()).isEqualTo("uri=/dump/p args=q=1");
    }

    @Test void breakServesTheNewUriInTheSameLocation() {
        assertThat(get("/break.txt").body()).isEqualTo("file body");
    }

    @Test void noFlagGoesOnWithTheNextDirective() {
        assertThat(get("/none").body()).isEqualTo("went on with /dump");
    }

    @Test void redirectsAreTemporaryOrPermanent() {
        HttpResponse<String> r = get("/redirect?a=1");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + pier.port() + "/target?a=1");
        r = get("/permanent?a=1");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + pier.port() + "/target?p=1&a=1");
        r = get("/absolute");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("https://example.com/x");
    }

    @Test void aRewriteCycleEndsIn500AfterTenUriChanges() throws Exception {
        HttpResponse<String> r = get("/loop");
        assertThat(r.statusCode()).isEqualTo(500);
        // 11 changes: /x, /loop, ... the eleventh is /x
        assertThat(logWith("cycle")).contains("[error]").contains("rewrite or internal redirection cycle while processing \"/x\", client: 127.0.0.1");
    }

    @Test void rewriteLogWritesNoticeLines() throws Exception {
        assertThat(get("/logged/v?a=1").body()).isEqualTo("uri=/dump/v args=z=1&a=1");
        String text = logWith("rewritten data");
        assertThat(text).contains("[notice]")
                .contains("\"^/nomatch\" does not match \"/logged/v\", client: 127.0.0.1, server: rw.test, request: \"GET /logged/v?a=1 HTTP/1.1\"")
                .contains("\"^/logged(.*)$\" matches \"/logged/v\", client: 127.0.0.1")
                .contains("rewritten data: \"/dump/v\", args: \"z=1&a=1\", client: 127.0.0.1");
    }

    @Test void rewriteLogWritesTheRedirect() throws Exception {
        assertThat(get("/loggedredirect/a%20b?q=1").headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:" + pier.port() + "/to/a%20b?q=1");
        assertThat(logWith("rewritten redirect")).contains("[notice]")
                .contains("\"^/loggedredirect/(.*)$\" matches \"/loggedredirect/a b\", client: 127.0.0.1")
                .contains("rewritten redirect: \"/to/a%20b?q=1\", client: 127.0.0.1");
    }

    @Test void anUnsetVariableReadsEmptyWithAWarning() throws Exception {
        assertThat(get("/uninit").body()).isEqualTo("[]");
        assertThat(logWith("using uninitialized")).contains("[warn]")
                .contains("using uninitialized \"never\" variable, client: 127.0.0.1, server: rw.test, request: \"GET /uninit HTTP/1.1\"");
        assertThat(get("/quiet").body()).isEqualTo("[]");
        assertThat(logWith("GET /quiet")).doesNotContain("request: \"GET /quiet");
        assertThat(get("/define").body()).isEqualTo("1");
    }

    @Test void setStoresValuesAndArguments() {
        assertThat(get("/set?v=x&w=1").body()).isEqualTo("a=xx args=from=set");
    }

    @Test void equalityIsExact() {
        assertThat(get("/cmp?a=yes").body()).isEqualTo("equal");
        assertThat(get("/cmp?a=Yes").body()).isEqualTo("different");
    }

    @Test void regexConditionsSetCaptures() {
        assertThat(pier.send(pier.request("/re").header("X-Tag", "V12").build()).body()).isEqualTo("version 12");
        assertThat(pier.send(pier.request("/re").header("X-Tag", "x").build()).body()).isEqualTo("none");
        assertThat(pier.send(pier.request("/nre").header("X-Tag", "w").build()).body()).isEqualTo("not v");
        assertThat(pier.send(pier.request("/nre").header("X-Tag", "v1").build()).body()).isEqualTo("v");
    }

    @Test void aBareVariableIsFalseWhenEmptyOrZero() {
        assertThat(get("/truth?t=1").body()).isEqualTo("true");
        assertThat(get("/truth?t=0").body()).isEqualTo("false");
        assertThat(get("/truth?t=").body()).isEqualTo("false");
        assertThat(get("/truth").body()).isEqualTo("false");
    }

    @Test void fileOperatorsLookAtTheFileSystem() {
        assertThat(get("/file.txt").body()).isEqualTo("is a file");
        assertThat(get("/file-missing").statusCode()).isEqualTo(404);
    }

    @Test void aTrueIfSwitchesToItsBlocksConfiguration() {
        assertThat(get("/switch/s.txt").body()).isEqualTo("main root");
        assertThat(get("/switch/s.txt?other=1").body()).isEqualTo("other root");
    }
}

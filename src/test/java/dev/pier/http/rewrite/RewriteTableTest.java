package dev.pier.http.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of rewrite rules, requests and what nginx 1.22 answered: each rule stands alone in a location
 * {@code /tN/} ({@code @} in the table), and {@code /dump} shows the URI and arguments a rewrite left.
 * "S target" rows are redirects (port made "@PORT").
 */
class RewriteTableTest {
    /** rule | request | status and body or Location. */
    private static final List<String[]> ROWS = List.of(
            row("rewrite ^@(.*)$ /dump/$1 last;", "@a/b?q=1", "200 uri=/dump/a/b args=q=1"),
            row("rewrite ^@(.*)$ /dump/$1? last;", "@a?q=1", "200 uri=/dump/a args="),
            row("rewrite ^@(.*)$ /dump?v=$1 last;", "@a?q=1", "200 uri=/dump args=v=a&q=1"),
            row("rewrite ^@(.*)$ /dump?v=$1? last;", "@a?q=1", "200 uri=/dump args=v=a"),
            row("rewrite ^@(.*)$ /dump?v=$1 last;", "@a%20b?q=1", "200 uri=/dump args=v=a%20b&q=1"),
            row("rewrite ^@(.*)$ /dump?v=$1 last;", "@a+b", "200 uri=/dump args=v=a%2Bb"),
            row("rewrite ^@(.*)$ /dump?v=$1 last;", "@ab&c", "200 uri=/dump args=v=ab&c"),
            row("rewrite ^@(.*)$ /dump/$1 last;", "@a%20b", "200 uri=/dump/a b args="),
            row("rewrite ^@(?<name>[a-z]+)$ /dump/$name last;", "@abc", "200 uri=/dump/abc args="),
            row("rewrite ^@(.*)$ /dump/$1;", "@p?q=2", "200 uri=/dump/p args=q=2"),
            row("rewrite ^@(.*)$ /dump/$1 break;", "@p", "404"),
            row("rewrite ^@nomatch$ /dump; return 200 \"kept $uri\";", "@x", "200 kept @x"),
            row("rewrite ^@(.*)$ /r/$1 redirect;", "@a?q=1", "302 http://127.0.0.1:@PORT/r/a?q=1"),
            row("rewrite ^@(.*)$ /r/$1 permanent;", "@a%20b?q=1", "301 http://127.0.0.1:@PORT/r/a%20b?q=1"),
            row("rewrite ^@(.*)$ /r/$1?x=$1 redirect;", "@a?q=1", "302 http://127.0.0.1:@PORT/r/a?x=a&q=1"),
            row("rewrite ^@(.*)$ /r/$1? redirect;", "@a?q=1", "302 http://127.0.0.1:@PORT/r/a"),
            row("rewrite ^@(.*)$ http://example.com/$1;", "@a?q=1", "302 http://example.com/a?q=1"),
            row("rewrite ^@(.*)$ https://example.com/$1 permanent;", "@a", "301 https://example.com/a"),
            row("rewrite ^@(.*)$ $scheme://example.com/$1;", "@a+b", "302 http://example.com/a+b"),
            row("rewrite ^@(.*)$ http://example.com/$1;", "@a%3Fb", "302 http://example.com/a?b"),
            row("rewrite ^ /dump?? last;", "@x?q=1", "200 uri=/dump args="),
            row("rewrite ^ $arg_to last;", "@x?to=/dump", "200 uri=/dump args=to=/dump"),
            row("rewrite ^ $arg_to last;", "@x", "500"),
            row("rewrite ^@(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)$ /dump/$9$10 last;", "@abcdefghij", "200 uri=/dump/ia0 args="),
            row("if ($uri ~ ^@(.+)$) { rewrite ^ /dump/[$1] last; }", "@abc", "200 uri=/dump/[] args="),
            row("if ($uri ~ ^@(.+)$) { set $keep $1; } rewrite ^ /dump/$keep last;", "@abc", "200 uri=/dump/abc args="));

    private static String[] row(String rule, String request, String expected) { return new String[] {rule, request, expected}; }

    private static String config() {
        StringBuilder sb = new StringBuilder("server {\n listen 127.0.0.1:0;\n location /dump { return 200 \"uri=$uri args=$args\"; }\n");
        for (int i = 0; i < ROWS.size(); i++) {
            sb.append(" location /t").append(i).append("/ { ").append(ROWS.get(i)[0].replace("@", "/t" + i + "/")).append(" }\n");
        }
        return sb.append("}\n").toString();
    }

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig(config());

    static Stream<Arguments> rows() {
        return IntStream.range(0, ROWS.size()).mapToObj(i -> Arguments.of(i, ROWS.get(i)[0], ROWS.get(i)[1], ROWS.get(i)[2]));
    }

    @ParameterizedTest(name = "{1} <- {2}")
    @MethodSource("rows")
    void answersAsNginx(int i, String rule, String request, String expected) {
        String prefix = "/t" + i + "/";
        HttpResponse<String> r = pier.get(request.replace("@", prefix).replace(" ", "%20"));
        String want = expected.replace("@PORT", Integer.toString(pier.port())).replace("@", prefix);
        int space = want.indexOf(' ');
        int status = Integer.parseInt(space < 0 ? want : want.substring(0, space));
        assertThat(r.statusCode()).isEqualTo(status);
        if (space < 0) {
            return;
        }
        String rest = want.substring(space + 1);
        if (status == 301 || status == 302) {
            assertThat(r.headers().firstValue("Location")).hasValue(rest);
        } else {
            assertThat(r.body()).isEqualTo(rest);
        }
    }
}

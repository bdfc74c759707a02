package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upstream request line for each proxy_pass form: (location, request) → the URI the backend receives,
 * checked against the expected value and, where nginx is installed, against nginx proxying to the same
 * echo backend with the same configuration (the whole echo, headers included, must match).
 */
class UpstreamUriTableTest {
    static final OriginServer origin = OriginServer.start("uri");
    static final String O = origin.address();

    /** The locations (shared by every row); LISTEN is replaced per server. */
    static final String SERVER = """
            server {
                listen LISTEN;
                location /a/ { proxy_pass http://O; }
                location /b/ { proxy_pass http://O/; }
                location /c/ { proxy_pass http://O/new/; }
                location /d { proxy_pass http://O/e; }
                location = /exact { proxy_pass http://O/other; }
                location ~ ^/re/ { proxy_pass http://O; }
                location /f/ { proxy_pass http://O/g/; }
                location /j/ { rewrite ^/j/(.*)$ /k/$1 break; proxy_pass http://O; }
                location /l/ { rewrite ^/l/(.*)$ /m/$1 break; proxy_pass http://O/n/; }
                location /s/ { set $args "a=1"; proxy_pass http://O; }
                location /t/ { proxy_pass http://O; }
                location /u/ { proxy_pass http://O/v/; }
                location /w/ { proxy_pass http://O/x; }
                location /y/ { proxy_pass http://O/; }
                location /var1/ { set $t "O"; proxy_pass http://$t; }
                location /var2/ { set $t "O"; proxy_pass http://$t/fixed$request_uri; }
                location /var3/ { proxy_pass http://O/p/$arg_v; }
                location /enc/ { proxy_pass http://O/dst/; }
                location /nest/ { location /nest/in/ { proxy_pass http://O/deep/; } }
                location /rw2/ { rewrite ^ /target?new=1? break; proxy_pass http://O; }
                location /rw3/ { rewrite ^/rw3/(.*) /r3/$1 break; proxy_pass http://O; }
                location /if/ { if ($arg_x) { proxy_pass http://O; } proxy_pass http://O/else/; }
                location /ifset/ { if ($arg_x) { set $a 1; } proxy_pass http://O/z/; }
                location /ep/ { error_page 404 = /epdst/x; return 404; }
                location /epdst/ { proxy_pass http://O/z/; }
                location /last/ { rewrite ^/last/(.*)$ /b/$1 last; }
            }
            """.replace("http://O", "http://" + O).replace("\"O\"", "\"" + O + "\"");

    @org.junit.jupiter.api.extension.RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig(SERVER.replace("LISTEN", "127.0.0.1:0"));

    static NginxOracle nginx;
    static int nginxPort;

    /** (request target, expected upstream URI). */
    static final String[][] ROWS = {
        {"/a/b?x=1", "/a/b?x=1"},
        {"/a/b%20c?x", "/a/b%20c?x"},
        {"/a/../a/z", "/a/../a/z"},
        {"/b/c/d", "/c/d"},
        {"/c/x", "/new/x"},
        {"/dx/y", "/ex/y"},
        {"/exact?q", "/other?q"},
        {"/re/a%20b", "/re/a%20b"},
        {"/f/a%20b", "/g/a%20b"},
        {"/f/a%2Fb", "/g/a/b"},
        {"/f/%7Euser", "/g/~user"},
        {"/f/%C3%A9", "/g/%C3%A9"},
        {"/j/x?y=1", "/k/x?y=1"},
        {"/l/x", "/m/x"},
        {"/s/x?b=2", "/s/x?a=1"},
        {"/t/./y", "/t/./y"},
        {"/u//double", "/v/double"},
        {"/w/", "/x"},
        {"/y/?a=b&c", "/?a=b&c"},
        {"/var1/q?z", "/var1/q?z"},
        {"/var2/q?z", "/fixed/var2/q?z"},
        {"/var3/any?v=val", "/p/val"},
        {"/enc/a+b", "/dst/a+b"},
        {"/nest/in/x", "/deep/x"},
        {"/rw2/anything?old=1", "/target?new=1"},
        {"/rw3/a%20b?q=1", "/r3/a%20b?q=1"},
        {"/if/p?x=1", "/if/p?x=1"},
        {"/if/p", "/else/p"},
        {"/ifset/p?x=1", "/z/p?x=1"},
        {"/ep/a?q", "/z/x"},
        {"/last/k?m", "/k?m"},
    };

    @BeforeAll static void startNginx() throws Exception {
        if (NginxOracle.available()) {
            nginxPort = NginxOracle.freePort();
            nginx = NginxOracle.start(SERVER.replace("LISTEN", "127.0.0.1:" + nginxPort), nginxPort);
        }
    }

    @AfterAll static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        origin.close();
    }

    @Test void upstreamUrisAreNginxs() {
        List<String> mismatches = new ArrayList<>();
        for (String[] row : ROWS) {
            String request = "GET " + row[0] + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
            String pierEcho = NginxOracle.body("127.0.0.1", pier.port(), request);
            String pierUri = uri(pierEcho);
            if (!row[1].equals(pierUri)) {
                mismatches.add(row[0] + ": expected " + row[1] + ", Pier sent " + pierUri + " (" + pierEcho + ")");
            }
            if (nginx != null) {
                String nginxEcho = NginxOracle.body("127.0.0.1", nginxPort, request);
                if (!nginxEcho.equals(pierEcho)) {
                    mismatches.add(row[0] + ": nginx's backend saw " + nginxEcho + " Pier's " + pierEcho);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(ROWS.length).isGreaterThanOrEqualTo(25);
    }

    private static String uri(String echo) {
        Matcher m = Pattern.compile("\"uri\":\"([^\"]*)\"").matcher(echo);
        return m.find() ? m.group(1) : null;
    }
}

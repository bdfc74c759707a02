package dev.pier.proxy.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.config.Settings;
import dev.pier.http.location.Location;
import dev.pier.http.location.LocationTree;
import dev.pier.proxy.ProxyPass;
import dev.pier.testing.NginxOracle;
import dev.pier.variables.Template;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * proxy_redirect in nested locations, where nginx's merge order shows: a nested location without proxy_redirect
 * inherits the enclosing location's rules as merged, its default rule included. nginx proxies to
 * {@link EchoBackend}; Pier's rules are computed by {@link RedirectRules} over the same location tree built by
 * hand (each location's own proxy_pass in its settings, as the proxy handler's directive leaves it).
 */
class NestedRedirectTest {
    private static EchoBackend backend;
    private static NginxOracle nginx;
    private static int port;
    private static String upstream;

    @BeforeAll static void start() throws Exception {
        Assumptions.assumeTrue(NginxOracle.available(), "nginx is not installed");
        backend = new EchoBackend();
        port = NginxOracle.freePort();
        upstream = "http://127.0.0.1:" + backend.port();
        nginx = NginxOracle.start("server { listen 127.0.0.1:" + port + ";\n"
                + " location /n/ { proxy_pass " + upstream + "/x/; location /n/m/ { proxy_pass " + upstream + "/y/; } }\n"
                + " location /p/ { proxy_redirect off; proxy_pass " + upstream + "/x/; location /p/q/ { proxy_pass " + upstream + "/y/; } }\n"
                + " location /r/ { location /r/s/ { proxy_pass " + upstream + "/y/; } }\n"
                + " location /o/ { proxy_pass " + upstream + "/x/; location /o/i/ { proxy_redirect http://z/ /z/; proxy_pass "
                + upstream + "/y/; } }\n}\n", port);
    }

    @AfterAll static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static ProxyPass pass(String uri) {
        return new ProxyPass(upstream + uri, "http", "127.0.0.1:" + backend.port(), "127.0.0.1", backend.port(), uri, null, false);
    }

    private static Settings level(Settings parent, ProxyPass pass, RewriteList redirects) {
        Settings own = new Settings();
        if (pass != null) {
            own.set(ProxyPass.KEY, pass);
        }
        if (redirects != null) {
            own.set(ProxyHeadersModule.REDIRECTS, redirects);
        }
        return own.inheritFrom(parent).freeze();
    }

    /** The Location nginx sends for {@code path} when the upstream redirects to {@code location}, the scheme and host taken off. */
    private static String nginxRewrites(String path, String location) {
        String raw = ProxyHeaderRulesNginxTest.exchange(port, "GET " + path + "?h=Location:%20" + location
                + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        String value = RawResponse.parse(raw).headers().stream().filter(h -> h[0].equals("Location")).findFirst().orElseThrow()[1];
        return value.replace("http://h:" + port, "");
    }

    private static String pierRewrites(Settings server, LocationTree tree, Location location, String value) {
        for (HeaderRewrite rule : RedirectRules.of(location.settings().get(ProxyHeadersModule.REDIRECTS), server, tree, location, null)) {
            String r = rule.apply(null, value);
            if (r != null) {
                return r;
            }
        }
        return value;
    }

    @Test void nestedLocationsRewriteAsNginxMergesThem() {
        Settings server = new Settings().freeze();
        List<Location> top = new ArrayList<>();
        List<Location> probes = new ArrayList<>();
        for (String[] spec : new String[][] {{"/n/", "/x/", null, "/n/m/", "/y/", null}, {"/p/", "/x/", "off", "/p/q/", "/y/", null},
                {"/r/", null, null, "/r/s/", "/y/", null}, {"/o/", "/x/", null, "/o/i/", "/y/", "http://z/ /z/"}}) {
            Settings outer = level(server, spec[1] == null ? null : pass(spec[1]), redirects(spec[2]));
            Location inner = new Location(Location.Kind.PREFIX, spec[3], false,
                    level(outer, pass(spec[4]), redirects(spec[5])), LocationTree.empty());
            top.add(new Location(Location.Kind.PREFIX, spec[0], false, outer, new LocationTree(List.of(inner))));
            probes.add(inner);
        }
        LocationTree tree = new LocationTree(top);
        for (Location inner : probes) {
            for (String location : List.of(upstream + "/x/k", upstream + "/y/k", "http://z/k")) {
                assertThat(pierRewrites(server, tree, inner, location)).as(inner + " " + location)
                        .isEqualTo(nginxRewrites(inner.pattern() + "a", location));
            }
        }
        // the enclosing location's default rule, not the nested location's own
        assertThat(pierRewrites(server, tree, probes.get(0), upstream + "/x/k")).isEqualTo("/n/k");
        assertThat(pierRewrites(server, tree, probes.get(0), upstream + "/y/k")).isEqualTo(upstream + "/y/k");
    }

    private static RewriteList redirects(String spec) {
        if (spec == null) {
            return null;
        }
        if (spec.equals("off")) {
            return RewriteList.OFF;
        }
        String[] pair = spec.split(" ");
        return new RewriteList(false, new ArrayList<>(List.of(new HeaderRewrite.Prefix(Template.compile(pair[0]), Template.compile(pair[1])))));
    }
}

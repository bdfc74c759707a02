package dev.pier.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import dev.pier.testing.NginxOracle;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an upstream block may say, and nginx's words for what it may not. Each nginx error case is also run
 * through {@code nginx -t} 1.22 (when installed) so the expected text is nginx's own; "F" is the file's path,
 * the block starts on line 3.
 */
class UpstreamConfigTest {
    @TempDir Path dir;

    private String error(String http) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Groups.config(dir, http));
        assertThat(e).as("expected an error for:\n" + http).isNotNull();
        return e.getMessage().replace(dir.resolve("pier.conf").toString(), "F");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "empty block          | upstream a { }                                                 | no servers are inside upstream in F:3",
        "duplicate            | upstream a { server 127.0.0.1; }\\nupstream A { server 127.0.0.1; } | duplicate upstream \"A\" in F:4",
        "unknown parameter    | upstream a { server 127.0.0.1 foo; }                           | invalid parameter \"foo\" in F:3",
        "weight 0             | upstream a { server 127.0.0.1 weight=0; }                      | invalid parameter \"weight=0\" in F:3",
        "weight text          | upstream a { server 127.0.0.1 weight=2x; }                     | invalid parameter \"weight=2x\" in F:3",
        "weight case          | upstream a { server 127.0.0.1 Weight=2; }                      | invalid parameter \"Weight=2\" in F:3",
        "max_fails negative   | upstream a { server 127.0.0.1 max_fails=-1; }                  | invalid parameter \"max_fails=-1\" in F:3",
        "max_fails empty      | upstream a { server 127.0.0.1 max_fails=; }                    | invalid parameter \"max_fails=\" in F:3",
        "fail_timeout ms      | upstream a { server 127.0.0.1 fail_timeout=500ms; }            | invalid parameter \"fail_timeout=500ms\" in F:3",
        "fail_timeout empty   | upstream a { server 127.0.0.1 fail_timeout=; }                 | invalid parameter \"fail_timeout=\" in F:3",
        "max_conns text       | upstream a { server 127.0.0.1 max_conns=x; }                   | invalid parameter \"max_conns=x\" in F:3",
        "backup with value    | upstream a { server 127.0.0.1 backup=1; }                      | invalid parameter \"backup=1\" in F:3",
        "parameters first     | upstream a { server nonexistent.invalid foo; }                 | invalid parameter \"foo\" in F:3",
        "host not found       | upstream a { server nonexistent.invalid; }                     | host not found in upstream \"nonexistent.invalid\" in F:3",
        "port too big         | upstream a { server 127.0.0.1:99999; }                         | invalid port in upstream \"127.0.0.1:99999\" in F:3",
        "port zero            | upstream a { server 127.0.0.1:0; }                             | invalid port in upstream \"127.0.0.1:0\" in F:3",
        "port text            | upstream a { server 127.0.0.1:x; }                             | invalid port in upstream \"127.0.0.1:x\" in F:3",
        "two ports            | upstream a { server 127.0.0.1:80:90; }                         | invalid port in upstream \"127.0.0.1:80:90\" in F:3",
        "open bracket         | upstream a { server [::1; }                                    | invalid host in upstream \"[::1\" in F:3",
        "scheme               | upstream a { server http://127.0.0.1; }                        | invalid host in upstream \"http://127.0.0.1\" in F:3",
        "path                 | upstream a { server 127.0.0.1/x; }                             | invalid host in upstream \"127.0.0.1/x\" in F:3",
        "no host              | upstream a { server :80; }                                     | no host in upstream \":80\" in F:3",
        "unix without path    | upstream a { server unix:; }                                   | no path in the unix domain socket in upstream \"unix:\" in F:3",
        "ip_hash backup       | upstream a { ip_hash; server 127.0.0.1 backup; }               | balancing method does not support parameter \"backup\" in F:3",
        "hash backup          | upstream a { hash $uri; server 127.0.0.1 backup; }             | balancing method does not support parameter \"backup\" in F:3",
        "random backup        | upstream a { random; server 127.0.0.1; server 127.0.0.2 backup; } | balancing method does not support parameter \"backup\" in F:3",
        "only backups         | upstream a { server 127.0.0.1 backup; }                        | no servers in upstream \"a\" in F:3",
        "backup then ip_hash  | upstream a { server 127.0.0.1 backup; ip_hash; }               | no servers in upstream \"a\" in F:3",
        "hash parameter       | upstream a { hash $uri foo; server 127.0.0.1; }                | invalid parameter \"foo\" in F:3",
        "hash arguments       | upstream a { hash; server 127.0.0.1; }                         | invalid number of arguments in \"hash\" directive in F:3",
        "random parameter     | upstream a { random foo; server 127.0.0.1; }                   | invalid parameter \"foo\" in F:3",
        "random two method    | upstream a { random two foo; server 127.0.0.1; }               | invalid parameter \"foo\" in F:3",
        "random arguments     | upstream a { random two least_conn x; server 127.0.0.1; }      | invalid number of arguments in \"random\" directive in F:3",
        "least_conn argument  | upstream a { least_conn x; server 127.0.0.1; }                 | invalid number of arguments in \"least_conn\" directive in F:3",
        "keepalive zero       | upstream a { keepalive 0; server 127.0.0.1; }                  | invalid value \"0\" in \"keepalive\" directive in F:3",
        "keepalive text       | upstream a { keepalive x; server 127.0.0.1; }                  | invalid value \"x\" in \"keepalive\" directive in F:3",
        "keepalive twice      | upstream a { keepalive 2; keepalive 3; server 127.0.0.1; }     | \"keepalive\" directive is duplicate in F:3",
        "keepalive_timeout    | upstream a { keepalive_timeout x; server 127.0.0.1; }          | \"keepalive_timeout\" directive invalid value in F:3",
        "keepalive_timeout x2 | upstream a { keepalive_timeout 1s; keepalive_timeout 2s; server 127.0.0.1; } | \"keepalive_timeout\" directive is duplicate in F:3",
        "keepalive_requests   | upstream a { keepalive_requests -1; server 127.0.0.1; }        | \"keepalive_requests\" directive invalid number in F:3",
        "keepalive_time       | upstream a { keepalive_time x; server 127.0.0.1; }             | \"keepalive_time\" directive invalid value in F:3",
        "upstream in server   | server { upstream a { server 127.0.0.1; } }                    | \"upstream\" directive is not allowed here in F:3",
        "location in upstream | upstream a { server 127.0.0.1; location / {} }                 | \"location\" directive is not allowed here in F:3",
        "nested upstream      | upstream a { upstream b { } }                                  | \"upstream\" directive is not allowed here in F:3",
        "upstream arguments   | upstream a b { server 127.0.0.1; }                             | invalid number of arguments in \"upstream\" directive in F:3",
        "server arguments     | upstream a { server; }                                         | invalid number of arguments in \"server\" directive in F:3",
    })
    void nginxErrors(String name, String http, String expected) {
        String text = http.replace("\\n", "\n");
        assertThat(error(text)).isEqualTo(expected);
        if (NginxOracle.available()) {
            Path conf = dir.resolve("pier.conf");
            List<String> nginx = NginxOracle.configTest(dir, conf);
            assertThat(nginx).as("nginx -t").contains("[emerg] " + expected.replace("F", conf.toString()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "circuit parameter    | upstream a { circuit_breaker foo=1; server 127.0.0.1; }        | invalid parameter \"foo=1\" in F:3",
        "circuit errors       | upstream a { circuit_breaker errors=0%; server 127.0.0.1; }    | invalid parameter \"errors=0%\" in F:3",
        "circuit errors unit  | upstream a { circuit_breaker errors=50; server 127.0.0.1; }    | invalid parameter \"errors=50\" in F:3",
        "circuit window       | upstream a { circuit_breaker window=0; server 127.0.0.1; }     | invalid parameter \"window=0\" in F:3",
        "circuit probes       | upstream a { circuit_breaker probes=0; server 127.0.0.1; }     | invalid parameter \"probes=0\" in F:3",
        "circuit percentile   | upstream a { circuit_breaker percentile=100 latency=1s; server 127.0.0.1; } | invalid parameter \"percentile=100\" in F:3",
        "percentile alone     | upstream a { circuit_breaker percentile=99; server 127.0.0.1; } | \"percentile\" needs \"latency\" in \"circuit_breaker\" directive in F:3",
        "circuit twice        | upstream a { circuit_breaker; circuit_breaker; server 127.0.0.1; } | \"circuit_breaker\" directive is duplicate in F:3",
        "least_time mode      | upstream a { least_time first_byte; server 127.0.0.1; }        | invalid parameter \"first_byte\" in F:3",
        "least_time flag      | upstream a { least_time header all; server 127.0.0.1; }        | invalid parameter \"all\" in F:3",
        "slow_start value     | upstream a { server 127.0.0.1 slow_start=x; }                  | invalid parameter \"slow_start=x\" in F:3",
        "zone size            | upstream a { zone z 1x; server 127.0.0.1; }                    | invalid zone size \"1x\" in F:3",
    })
    void piersOwnErrors(String name, String http, String expected) {
        assertThat(error(http)).isEqualTo(expected);
    }

    @Test void aSecondMethodWarnsAsNginxDoes() {
        PierConfig c = Groups.config(dir, "upstream a {\n least_conn;\n ip_hash;\n server 127.0.0.1;\n}\n"
                + "upstream b {\n keepalive 2;\n least_conn;\n server 127.0.0.1;\n}");
        String f = dir.resolve("pier.conf").toString();
        assertThat(c.warnings()).containsExactly("load balancing method redefined in " + f + ":5",
                "load balancing method redefined in " + f + ":10");
        if (NginxOracle.available()) {
            assertThat(NginxOracle.configTest(dir, dir.resolve("pier.conf"))).containsExactly(
                    "[warn] load balancing method redefined in " + f + ":5",
                    "[warn] load balancing method redefined in " + f + ":10");
        }
        Map<String, Upstream> groups = Groups.load(dir, "upstream a { least_conn; ip_hash; server 127.0.0.1; }");
        assertThat(((UpstreamGroup) groups.get("a")).balancer).isSameAs(IpHash.INSTANCE);
    }

    @Test void aGroupDefinedAfterTheLocationThatUsesItIsFound() {
        PierConfig c = Groups.config(dir, "server { listen 127.0.0.1:0; location / { return 200; } }\n"
                + "upstream Late { server 127.0.0.1:8080; }");
        dev.pier.http.VirtualServer s = c.part(dev.pier.http.HttpConfig.class).servers().get(0);
        Upstream u = Upstreams.find(s.settings(), "late");
        assertThat(u).isNotNull();
        assertThat(u.name()).isEqualTo("Late");
        assertThat(Upstreams.find(s.settings(), "LATE")).isSameAs(u);
        assertThat(Upstreams.find(s.settings(), "other")).isNull();
    }

    @Test void serverLinesBecomePeers() {
        Map<String, Upstream> groups = Groups.load(dir, """
                upstream u {
                    server localhost:8080 weight=2 max_fails=3 fail_timeout=30s max_conns=7;
                    server [::1]:9000 down;
                    server unix:/tmp/app.sock backup;
                    server 10.0.0.1 slow_start=30s;
                }""");
        Upstream u = groups.get("u");
        List<String> names = u.peers().stream().map(UpstreamPeer::name).toList();
        assertThat(names).containsExactly("127.0.0.1:8080", "[::1]:9000", "unix:/tmp/app.sock", "10.0.0.1:80");
        Peer first = (Peer) u.peers().get(0);
        assertThat(first.weight).isEqualTo(2);
        assertThat(first.maxFails).isEqualTo(3);
        assertThat(first.failTimeoutNanos).isEqualTo(30_000_000_000L);
        assertThat(first.maxConns).isEqualTo(7);
        assertThat(first.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(((Peer) u.peers().get(1)).down).isTrue();
        assertThat(u.peers().get(2).address()).isInstanceOf(DomainSocketAddress.class);
        assertThat(u.peers().get(3).slowStartMillis()).isEqualTo(30_000);
        // tries: the primaries not down plus the backups
        assertThat(u.select(null).tries()).isEqualTo(3);
        assertThat(u.settings()).isNotNull();
    }

    @Test void keepaliveSettings() {
        Map<String, Upstream> groups = Groups.load(dir, """
                upstream a { server 127.0.0.1; keepalive 16; keepalive_timeout 30s; keepalive_requests 500; keepalive_time 10m; }
                upstream b { server 127.0.0.1; }
                upstream c { server 127.0.0.1; keepalive 4; zone backend 64k; }""");
        assertThat(groups.get("a").keepalive()).isEqualTo(new UpstreamKeepalive(16, 30_000, 500, 600_000));
        assertThat(groups.get("b").keepalive()).isEqualTo(UpstreamKeepalive.NONE);
        assertThat(groups.get("c").keepalive()).isEqualTo(new UpstreamKeepalive(4, 60_000, 1000, 3_600_000));
    }

    @Test void resolveIsAcceptedWithAWarning() {
        PierConfig c = Groups.config(dir, "upstream a { server localhost:81 resolve; }");
        assertThat(c.warnings()).containsExactly("the \"resolve\" parameter of \"server\" is ignored: \"localhost:81\" "
                + "is resolved once, when the configuration is loaded in " + dir.resolve("pier.conf") + ":3");
    }

    @Test void theCircuitBreakerDefaultsAndParameters() {
        Map<String, Upstream> groups = Groups.load(dir, """
                upstream a { server 127.0.0.1; circuit_breaker; }
                upstream b { server 127.0.0.1; circuit_breaker errors=off latency=250ms percentile=95 window=1m min_requests=5 open=5s probes=1; }
                upstream c { server 127.0.0.1; }""");
        assertThat(((Peer) groups.get("a").peers().get(0)).breaker).isNotNull();
        assertThat(((Peer) groups.get("c").peers().get(0)).breaker).isNull();
        assertThat(CircuitBreakerParser.parse(null, null, List.of("errors=off", "latency=250ms", "percentile=95",
                "window=1m", "min_requests=5", "open=5s", "probes=1")))
                .isEqualTo(new CircuitBreaker.Spec(101, 250_000_000L, 95, 60_000_000_000L, 5, 5_000_000_000L, 1));
    }
}

package dev.pier.http.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** map, split_clients and geo variables read by {@code return} in a running Pier. */
class MapIntegrationTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            map $arg_k $mapped {
                default      dflt;
                A            upper;
                ""           empty;
                ~^(?<first>x)(y)$  "cap $1 $2 $first";
                ~*^Q         q;
                \\default    dflt-key;
                /u           $uri;
                include      keys.map;
            }
            map $host $by_host {
                hostnames;
                default       none;
                *.example.com star;
                .apps.test    apps;
                www.shop.*    shop;
            }
            map $arg_n $counter_source { default $connection_requests; }
            map $arg_n $cached { default "$counter_source"; }
            map $arg_n $fresh { volatile; default "$counter_source"; }
            map $uri $later { default "$defined_after"; }
            map $arg_k $defined_after { default after; }
            map $uri $cycle_a { default "x$cycle_b"; }
            map $uri $cycle_b { default "y$cycle_a"; }
            split_clients "${arg_k}" $bucket { 10% d0; 10% d1; 10% d2; 10% d3; 10% d4; 10% d5; 10% d6; 10% d7; 10% d8; * d9; }
            geo $geo_client { default other; 127.0.0.0/8 loopback; }
            geo $arg_ip $geo_arg { default def; 10.0.0.0/8 ten; 10.1.2.3 host; ::1 v6lo; 255.255.255.255 none; }
            geo $arg_ip $geo_ranges { ranges; default rdef; 10.0.0.0-10.0.255.255 a; 10.0.1.0-10.0.1.255 b; }
            server {
                listen 127.0.0.1:0;
                location = /map { return 200 "[$mapped]"; }
                location = /u { return 200 "[$mapped]"; }
                location ~ ^/l(.)/ { return 200 "[$mapped][$1]"; }
                location = /host { return 200 "[$by_host]"; }
                location = /cache { return 200 "[$cached|$cached][$fresh]"; }
                location = /later { return 200 "[$later]"; }
                location = /cycle { return 200 "[$cycle_a]"; }
                location = /split { return 200 "[$bucket]"; }
                location = /geo { return 200 "[$geo_client][$geo_arg][$geo_ranges]"; }
            }
            """, prefix -> Files.writeString(prefix.resolve("conf/keys.map"), "included from-file;\n"));

    private static String body(String path) { return pier.get(path).body(); }

    @Test void exactKeysDefaultAndEmpty() {
        assertThat(body("/map?k=a")).isEqualTo("[upper]");
        assertThat(body("/map?k=A")).isEqualTo("[upper]");
        assertThat(body("/map?k=zzz")).isEqualTo("[dflt]");
        assertThat(body("/map")).isEqualTo("[empty]");
        assertThat(body("/map?k=default")).isEqualTo("[dflt-key]");
        assertThat(body("/map?k=included")).isEqualTo("[from-file]");
    }

    @Test void regexKeysWithCapturesAndCaseInsensitivity() {
        assertThat(body("/map?k=xy")).isEqualTo("[cap x y x]");
        assertThat(body("/map?k=qq")).isEqualTo("[q]");
        assertThat(body("/map?k=QQ")).isEqualTo("[q]");
    }

    @Test void aMapRegexWithGroupsTakesOverTheLocationsCaptures() {
        assertThat(body("/lz/?k=xy")).isEqualTo("[cap x y x][x]");
        assertThat(body("/lz/?k=zz")).isEqualTo("[dflt][z]");
    }

    @Test void valuesMayHoldVariables() {
        assertThat(body("/u?k=/u")).isEqualTo("[/u]");
        assertThat(body("/later?k=1")).isEqualTo("[after]");
    }

    @Test void hostnames() {
        assertThat(pier.raw("GET /host HTTP/1.0\r\nHost: a.example.com\r\n\r\n")).endsWith("[star]");
        assertThat(pier.raw("GET /host HTTP/1.0\r\nHost: example.com\r\n\r\n")).endsWith("[none]");
        assertThat(pier.raw("GET /host HTTP/1.0\r\nHost: apps.test\r\n\r\n")).endsWith("[apps]");
        assertThat(pier.raw("GET /host HTTP/1.0\r\nHost: www.shop.de\r\n\r\n")).endsWith("[shop]");
    }

    @Test void aValueIsComputedOncePerRequestUnlessVolatile() {
        // one connection, three requests: the cached value is the same twice within a request
        String answers = pier.raw("GET /cache HTTP/1.1\r\nHost: a\r\n\r\nGET /cache HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(answers).contains("[1|1][1]").contains("[2|2][2]");
    }

    @Test void variablesComputingEachOtherStopAtNginxsDepth() {
        // nginx 1.22 answers the same: 100 levels, then the innermost reads as empty (and "cycle while evaluating")
        assertThat(body("/cycle")).isEqualTo("[" + "xy".repeat(50) + "]");
    }

    @Test void splitClientsBuckets() {
        assertThat(body("/split?k=a")).isEqualTo("[d5]");
        assertThat(body("/split?k=127.0.0.1")).isEqualTo("[d7]");
        assertThat(body("/split?k=user-42")).isEqualTo("[d8]");
    }

    @Test void geoByClientAddressOrVariable() {
        assertThat(body("/geo?ip=10.1.2.3")).isEqualTo("[loopback][host][rdef]");
        assertThat(body("/geo?ip=10.0.9.9")).isEqualTo("[loopback][ten][a]");
        assertThat(body("/geo?ip=10.0.1.9")).isEqualTo("[loopback][ten][b]");
        assertThat(body("/geo?ip=::1")).isEqualTo("[loopback][v6lo][rdef]");
        assertThat(body("/geo?ip=bogus")).isEqualTo("[loopback][none][rdef]");
        assertThat(body("/geo")).isEqualTo("[loopback][none][rdef]");
        assertThat(body("/geo?ip=8.8.8.8")).isEqualTo("[loopback][def][rdef]");
    }
}

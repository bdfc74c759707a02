package dev.pier.http.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.config.PierConfig;
import dev.pier.testing.ConfigLoad;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load-time errors and warnings of map, split_clients and geo, worded and placed as nginx 1.22's (checked with nginx -t). */
class MapConfigErrorsTest {
    @TempDir Path dir;

    /** Loads {@code http} as the inside of http { } starting on line 3 of the file. */
    private PierConfig load(String http) {
        return new ConfigLoad(dir).http(http);
    }

    private String at(int line) { return " in " + new ConfigLoad(dir).file() + ":" + line; }

    @Test void duplicateKeysConflict() {
        assertThatThrownBy(() -> load("map $uri $a {\n a 1;\n A 2;\n}"))
                .hasMessage("conflicting parameter \"a\"" + at(5));
        assertThatThrownBy(() -> load("map $uri $a { hostnames; *.a.com 1; .a.com 2; }"))
                .hasMessage("conflicting parameter \".a.com\"" + at(3));
        assertThatThrownBy(() -> load("map $uri $a { default 1; default 2; }"))
                .hasMessage("duplicate default map parameter" + at(3));
    }

    @Test void badRegexesInPcre2Words() {
        assertThatThrownBy(() -> load("map $uri $a {\n ~(abc 1;\n}"))
                .hasMessage("pcre2_compile() failed: missing closing parenthesis in \"(abc\"" + at(4));
        assertThatThrownBy(() -> load("map $uri $a { ~abc) 1; }"))
                .hasMessage("pcre2_compile() failed: unmatched closing parenthesis in \"abc)\" at \")\"" + at(3));
    }

    @Test void anUndefinedVariableInAValueFailsTheLoad() {
        assertThatThrownBy(() -> load("map $uri $a { a $nope; }\nserver { listen 127.0.0.1:0; return 200 $a; }"))
                .hasMessageStartingWith("unknown \"nope\" variable");
    }

    @Test void malformedBlocks() {
        assertThatThrownBy(() -> load("map $uri $a { hostnames; a.*.com 1; }"))
                .hasMessage("invalid hostname or wildcard \"a.*.com\"" + at(3));
        assertThatThrownBy(() -> load("map $uri $a { a 1 2; }"))
                .hasMessage("invalid number of the map parameters" + at(3));
        assertThatThrownBy(() -> load("map $uri $a { a { } }"))
                .hasMessage("unexpected \"{\"" + at(3));
        assertThatThrownBy(() -> load("map $uri a { a 1; }"))
                .hasMessage("invalid variable name \"a\"" + at(3));
        assertThatThrownBy(() -> load("map $uri $host { a 1; }"))
                .hasMessage("the duplicate \"host\" variable" + at(3));
        assertThatThrownBy(() -> load("geo $Remote_Addr { }"))
                .hasMessage("the duplicate \"Remote_Addr\" variable" + at(3));
        assertThatThrownBy(() -> load("server { map $uri $a { } }"))
                .hasMessage("\"map\" directive is not allowed here" + at(3));
        assertThatThrownBy(() -> load("map_hash_max_size x;"))
                .hasMessage("\"map_hash_max_size\" directive invalid number" + at(3));
        assertThatThrownBy(() -> load("map_hash_bucket_size 1k;"))
                .hasMessage("\"map_hash_bucket_size\" directive invalid number" + at(3));
        assertThatThrownBy(() -> load("map_hash_max_size 10; map_hash_max_size 10;"))
                .hasMessage("\"map_hash_max_size\" directive is duplicate" + at(3));
    }

    @Test void hashTablesAreCheckedAsNginxBuildsThem() {
        String k47 = "a".repeat(47);
        assertThatThrownBy(() -> load("map $uri $a { " + k47 + " 1; }"))
                .hasMessage("could not build map_hash, you should increase map_hash_bucket_size: 64");
        assertThatThrownBy(() -> load("map $uri $a { hostnames; *." + k47 + ".com 1; }"))
                .hasMessage("could not build map_hash, you should increase map_hash_bucket_size: 64");
        assertThat(load("map_hash_bucket_size 65; map $uri $a { " + k47 + " 1; }").warnings()).isEmpty();
        assertThatThrownBy(() -> load("map $uri $a { a 1; }\nmap_hash_bucket_size 128;"))
                .hasMessage("\"map_hash_bucket_size\" directive is duplicate" + at(4));
        StringBuilder many = new StringBuilder("map $uri $a {");
        for (int i = 1; i <= 3000; i++) {
            many.append(" key").append(i).append(' ').append(i).append(';');
        }
        assertThat(load(many + " }").warnings()).containsExactly("could not build optimal map_hash, you should increase "
                + "either map_hash_max_size: 2048 or map_hash_bucket_size: 64; ignoring map_hash_bucket_size");
        assertThat(load("map_hash_max_size 100000;\n" + many + " }").warnings()).isEmpty();
    }

    @Test void hashSizesAndARedefinedMapAreAccepted() {
        assertThat(load("map_hash_max_size 4096; map_hash_bucket_size 128;\nmap $uri $a { a 1; }\nmap $uri $a { b 2; }").warnings())
                .isEmpty();
    }

    @Test void splitClientsErrors() {
        assertThatThrownBy(() -> load("split_clients $uri $a {\n 50% a;\n 60% b;\n}"))
                .hasMessage("percent total is greater than 100%" + at(5));
        assertThatThrownBy(() -> load("split_clients $uri $a { * a; 1% b; }"))
                .hasMessage("percent total is greater than 100%" + at(3));
        assertThatThrownBy(() -> load("split_clients $uri $a { 0.555% a; }"))
                .hasMessage("invalid percent value \"0.555%\"" + at(3));
        assertThatThrownBy(() -> load("split_clients $uri $a { 0% a; }"))
                .hasMessage("invalid percent value \"0%\"" + at(3));
        assertThatThrownBy(() -> load("split_clients $uri a { 50% a; }"))
                .hasMessage("invalid variable name \"a\"" + at(3));
        assertThatThrownBy(() -> load("split_clients $uri $a $b { }"))
                .hasMessage("invalid number of arguments in \"split_clients\" directive" + at(3));
    }

    @Test void geoErrors() {
        assertThatThrownBy(() -> load("geo $a {\n default x;\n ranges;\n}"))
                .hasMessage("the \"ranges\" directive must be the first directive inside \"geo\" block" + at(5));
        assertThatThrownBy(() -> load("geo $a { 10.0.0.1/33 f; }"))
                .hasMessage("invalid network \"10.0.0.1/33\"" + at(3));
        assertThatThrownBy(() -> load("geo $a { 255.255.255.255/32 x; }"))
                .hasMessage("invalid network \"255.255.255.255/32\"" + at(3));
        assertThatThrownBy(() -> load("geo $a { 1.2.3.4; }"))
                .hasMessage("invalid number of the geo parameters" + at(3));
        assertThatThrownBy(() -> load("geo $a { ranges; 10.0.0.0-10.0.0.255 a; 10.0.0.5-10.0.1.5 b; }"))
                .hasMessage("range \"10.0.0.5-10.0.1.5\" overlaps \"10.0.0.0-10.0.0.255\"" + at(3));
        assertThatThrownBy(() -> load("geo $a { ranges; 10.0.0.0/8 a; }"))
                .hasMessage("invalid range \"10.0.0.0/8\"" + at(3));
        assertThatThrownBy(() -> load("geo a { }"))
                .hasMessage("invalid variable name \"a\"" + at(3));
        assertThatThrownBy(() -> load("geo \"1$remote_addr\" $a { }"))
                .hasMessage("invalid variable name \"1$remote_addr\"" + at(3));
        assertThatThrownBy(() -> load("geo $remote_addr2 $a { }"))
                .hasMessageStartingWith("unknown \"remote_addr2\" variable");
    }

    @Test void geoWarnings() {
        PierConfig c = load("geo $a { 10.0.0.0/8 a; 10.0.0.0/8 b; default c; default d; 10.1.2.3/8 e; delete 11.0.0.0/8; }\n"
                + "geo $r { ranges; 10.0.0.0-10.0.0.255 a; 10.0.0.0-10.0.0.255 b; default x; default y; delete 1.1.1.1-1.1.1.2; }\n"
                + "geo $p { proxy 10.0.0.1/8; proxy_recursive; }");
        assertThat(c.warnings()).containsExactly(
                "duplicate network \"10.0.0.0/8\", value: \"b\", old value: \"a\"" + at(3),
                "duplicate network \"default\", value: \"d\", old value: \"c\"" + at(3),
                "duplicate network \"default\", value: \"d\", old value: \"c\"" + at(3),
                "low address bits of 10.1.2.3/8 are meaningless" + at(3),
                "duplicate network \"10.1.2.3/8\", value: \"e\", old value: \"b\"" + at(3),
                "no network \"11.0.0.0/8\" to delete" + at(3),
                "duplicate range \"10.0.0.0-10.0.0.255\", value: \"b\", old value: \"a\"" + at(4),
                "duplicate default geo range value: \"y\", old value: \"x\"" + at(4),
                "no address range \"1.1.1.1-1.1.1.2\" to delete" + at(4),
                "low address bits of 10.0.0.1/8 are meaningless" + at(5));
    }
}

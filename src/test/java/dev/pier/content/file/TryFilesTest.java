package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** try_files as nginx 1.22 answered the same configuration. */
class TryFilesTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                try_files $uri /srv.txt;
                location /tf/ { try_files $uri $uri/ /index.html?x=1; }
                location /code/ {
                    try_files /nope =403;
                    location /code/nested/ { }
                }
                location /named/ { try_files /nope @back; }
                location @back { return 200 "named $uri $args"; }
                location /plain/ { try_files /nope /echo; }
                location = /echo { return 200 "echo $uri $args"; }
                location ~ ^/rx/(.*)$ { alias html/dir/$1; try_files $uri =404; }
                location /al/ { alias html/dir/; try_files $uri $uri/ =404; }
            }
            """, prefix -> {
                Path html = prefix.resolve("html");
                Files.writeString(html.resolve("index.html"), "<p>x</p>");
                Files.writeString(html.resolve("srv.txt"), "server fallback");
                Files.createDirectories(html.resolve("tf/sub"));
                Files.writeString(html.resolve("tf/f.txt"), "tf file");
                Files.writeString(html.resolve("tf/sub/index.html"), "sub index");
                Files.createDirectories(html.resolve("dir/sub"));
                Files.writeString(html.resolve("dir/f.txt"), "aliased");
            });

    @Test void firstExistingFileIsServed() {
        assertThat(pier.get("/tf/f.txt").body()).isEqualTo("tf file");
    }

    @Test void directoryCandidateRedirectsToSlash() {
        HttpResponse<String> r = pier.get("/tf/sub");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + pier.port() + "/tf/sub/");
        assertThat(pier.get("/tf/sub/").body()).isEqualTo("sub index");
    }

    @Test void lastUriIsAnInternalRedirect() {
        assertThat(pier.get("/tf/missing?q=3").body()).isEqualTo("<p>x</p>");
    }

    @Test void fallbackUriWithoutQueryDropsTheArguments() {
        assertThat(pier.get("/plain/x?a=1").body()).isEqualTo("echo /echo ");
    }

    @Test void codeFallback() {
        assertThat(pier.get("/code/x").statusCode()).isEqualTo(403);
    }

    @Test void nestedLocationsDoNotInherit() {
        assertThat(pier.get("/code/nested/x").statusCode()).isEqualTo(404);
    }

    @Test void namedFallbackKeepsUriAndArgs() {
        assertThat(pier.get("/named/x?a=2").body()).isEqualTo("named /named/x a=2");
    }

    @Test void aliasCandidates() {
        assertThat(pier.get("/al/f.txt").body()).isEqualTo("aliased");
        assertThat(pier.get("/al/sub").statusCode()).isEqualTo(301);
        assertThat(pier.get("/al/nope").statusCode()).isEqualTo(404);
    }

    @Test void regexAliasAppendsTheValueToTheWholeAliasAsNginx() {
        assertThat(pier.get("/rx/f.txt").statusCode()).isEqualTo(404);
    }

    @Test void serverLevelAppliesOnlyWithoutMatchingLocation() {
        assertThat(pier.get("/elsewhere").body()).isEqualTo("server fallback");
        assertThat(pier.get("/index.html").body()).isEqualTo("<p>x</p>");
    }
}

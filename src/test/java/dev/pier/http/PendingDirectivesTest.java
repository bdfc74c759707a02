package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.Modules;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.PierConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planned directives load with a warning that names them and their place, never silently. */
class PendingDirectivesTest {
    @TempDir Path dir;

    private PierConfig load(String text) throws IOException {
        Path file = dir.resolve("pier.conf");
        Files.writeString(file, text);
        return Modules.load(dir, file, null);
    }

    @Test void eachPendingDirectiveWarnsWithItsFileAndLine() throws IOException {
        PierConfig c = load("""
                events {}
                http {
                    gzip on;
                    gzip_types text/plain;
                    gzip_vary on;
                    ssl_conf_command Options PrioritizeChaCha;
                    upstream backend { server 127.0.0.1:9000; keepalive 8; }
                    server {
                        listen 127.0.0.1:0;
                        location / { try_files $uri $uri/ =404; fastcgi_pass backend; }
                        if ($http_x = "y") { return 403; }
                    }
                }
                """);
        String f = dir.resolve("pier.conf").toString();
        assertThat(c.warnings()).containsExactly(
                "\"gzip\" is not supported yet and is ignored in " + f + ":3",
                "\"gzip_types\" is not supported yet and is ignored in " + f + ":4",
                "\"gzip_vary\" is not supported yet and is ignored in " + f + ":5",
                "\"ssl_conf_command\" is not supported yet and is ignored in " + f + ":6",
                "\"fastcgi_pass\" is not supported yet and is ignored in " + f + ":10");
    }

    @Test void pendingDirectivesKeepNginxsContextsAndArity() {
        assertThatThrownBy(() -> load("events {}\nhttp { proxy_pass http://a; }\n"))
                .hasMessageEndingWith("\"proxy_pass\" directive is not allowed here in " + dir.resolve("pier.conf") + ":2");
        assertThatThrownBy(() -> load("events {}\nhttp { gzip on off; }\n"))
                .hasMessageStartingWith("invalid number of arguments in \"gzip\" directive");
        assertThatThrownBy(() -> load("events {}\nhttp { upstream b; }\n"))
                .hasMessageStartingWith("directive \"upstream\" has no opening \"{\"");
    }

    @Test void aSyntaxErrorInsideAnIgnoredBlockIsStillReported() {
        assertThatThrownBy(() -> load("events {}\nhttp { map $a $b { x \"y\"z; } }\n"))
                .hasMessage("unexpected \"z\" in " + dir.resolve("pier.conf") + ":2");
    }

    @Test void anImplementedDirectiveLeavesTheList() {
        DirectiveRegistry r = new DirectiveRegistry();
        DirectiveSpec real = DirectiveSpec.named("gzip").in(dev.pier.config.Context.HTTP).args(1).accepted();
        r.add(real);
        new PendingDirectivesModule().directives(r);
        assertThat(r.find("gzip")).isSameAs(real);
        assertThat(r.find("gzip_types")).isNotNull();
    }

    @Test void everyPendingDirectiveSaysWhatItWaitsFor() {
        assertThat(PendingDirectivesModule.pending()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.feature()).isNotBlank();
            assertThat(p.contexts()).isNotEmpty();
            assertThat(p.min()).isLessThanOrEqualTo(p.max());
        });
        assertThat(PendingDirectivesModule.pending()).extracting(PendingDirectivesModule.Pending::name).doesNotHaveDuplicates();
    }
}

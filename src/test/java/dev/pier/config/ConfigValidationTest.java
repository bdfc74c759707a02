package dev.pier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.syntax.ConfigException;
import dev.pier.core.MainModule;
import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the loader refuses and warns about, with nginx's words and lines. Each error case was run through
 * {@code nginx -t} 1.22 with the same text; "F" stands for the file's path.
 */
class ConfigValidationTest {
    @TempDir Path dir;

    private Path file(String text) {
        try {
            Files.createDirectories(dir.resolve("conf"));
            return Files.writeString(dir.resolve("conf/pier.conf"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PierConfig load(String text, String globals) {
        return Modules.load(dir, file(text), globals);
    }

    private String error(String text, String globals) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(text, globals));
        assertThat(e).as("expected an error for:\n" + text).isNotNull();
        return e.getMessage().replace(dir.resolve("conf/pier.conf").toString(), "F");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unknown directive    | events {}\\nfoo bar;                                  | unknown directive \"foo\" in F:2",
        "not allowed here     | events {}\\nhttp { listen 80; }                       | \"listen\" directive is not allowed here in F:2",
        "events in http       | events {}\\nhttp { events { } }                       | \"events\" directive is not allowed here in F:2",
        "argument count       | events {}\\npid a b;                                  | invalid number of arguments in \"pid\" directive in F:2",
        "no arguments         | events {}\\nhttp { keepalive_timeout; }               | invalid number of arguments in \"keepalive_timeout\" directive in F:2",
        "duplicate            | events {}\\npid a;\\npid b;                           | \"pid\" directive is duplicate in F:3",
        "duplicate events     | events {}\\nevents {}                                 | \"events\" directive is duplicate in F:2",
        "duplicate http       | events {}\\nhttp {}\\nhttp {}                         | \"http\" directive is duplicate in F:3",
        "no events            | pid a;                                                | no \"events\" section in configuration",
        "flag value           | events {}\\ndaemon yes;                               | invalid value \"yes\" in \"daemon\" directive, it must be \"on\" or \"off\" in F:2",
        "flag value in http   | events {}\\nhttp { merge_slashes maybe; }             | invalid value \"maybe\" in \"merge_slashes\" directive, it must be \"on\" or \"off\" in F:2",
        "enum value           | events {}\\nhttp { server_tokens maybe; }             | invalid value \"maybe\" in F:2",
        "block without brace  | events;                                               | directive \"events\" has no opening \"{\" in F:1",
        "brace on simple      | events {}\\npid a {\\n}                               | directive \"pid\" is not terminated by \";\" in F:2",
        "size                 | events {}\\nhttp { client_max_body_size 10x; }        | \"client_max_body_size\" directive invalid value in F:2",
        "time                 | events {}\\nhttp { keepalive_timeout 10x; }           | \"keepalive_timeout\" directive invalid value in F:2",
        "time order           | events {}\\nhttp { keepalive_timeout \"30m 1h\"; }    | \"keepalive_timeout\" directive invalid value in F:2",
        "worker_connections   | events { worker_connections abc; }                    | invalid number \"abc\" in F:1",
        "worker_processes     | worker_processes x;\\nevents {}                       | \"worker_processes\" directive invalid value in F:1",
        "location modifier    | events {}\\nhttp { server { location ~~ /a {} } }     | invalid location modifier \"~~\" in F:2",
        "inside exact         | events {}\\nhttp { server { location = /a { location /b {} } } } | location \"/b\" cannot be inside the exact location \"/a\" in F:2",
        "outside parent       | events {}\\nhttp { server { location /a { location /b {} } } }   | location \"/b\" is outside location \"/a\" in F:2",
        "nested named         | events {}\\nhttp { server { location /a { location @b {} } } }   | named location \"@b\" can be on the server level only in F:2",
        "duplicate location   | events {}\\nhttp { server { location /a {} location /a {} } }    | duplicate location \"/a\" in F:2",
        "duplicate default    | events {}\\nhttp { server { listen 8111 default_server; } server { listen 8111 default_server; } } | a duplicate default server for 0.0.0.0:8111 in F:2",
        "duplicate listen     | events {}\\nhttp { server { listen 8111; listen 8111; } }           | a duplicate listen 0.0.0.0:8111 in F:2",
        "wildcard name        | events {}\\nhttp { server { listen 8112; server_name a*b; } server { listen 8112; server_name c; } } | invalid server name or wildcard \"a*b\" on 0.0.0.0:8112",
        "location no args     | events {}\\nhttp { server { location { } } }           | invalid number of arguments in \"location\" directive in F:2",
        "server_name in http  | events {}\\nhttp { server_name a; }                   | \"server_name\" directive is not allowed here in F:2",
        "listen port          | events {}\\nhttp { server { listen 99999; } }         | invalid port in \"99999\" of the \"listen\" directive in F:2",
        "listen parameter     | events {}\\nhttp { server { listen 127.0.0.1:80 foo; } } | invalid parameter \"foo\" in F:2",
        "listen backlog       | events {}\\nhttp { server { listen 80 backlog=x; } }  | invalid backlog \"backlog=x\" in F:2",
        "listen host          | events {}\\nhttp { server { listen [::1; } }          | invalid host in \"[::1\" of the \"listen\" directive in F:2",
        "listen same address  | events {}\\nhttp { server { listen *:80; listen 0.0.0.0:80; } } | a duplicate listen 0.0.0.0:80 in F:2",
        "root twice           | events {}\\nhttp { server { location / { root a; root b; } } } | \"root\" directive is duplicate in F:2",
        "alias then root      | events {}\\nhttp { server { location / { alias a; root b; } } } | \"root\" directive is duplicate, \"alias\" directive was specified earlier in F:2",
        "log level            | events {}\\nerror_log x foo;                          | invalid log level \"foo\" in F:2",
        "main-only in main    | events {}\\ndefault_type a/b;                         | \"default_type\" directive is not allowed here in F:2",
        "internal with arg    | events {}\\nhttp { server { location /a { internal x; } } } | invalid number of arguments in \"internal\" directive in F:2",
        "deep exact nesting   | events {}\\nhttp { server { location /a { location = /a/b { location /c {} } } } } | location \"/c\" cannot be inside the exact location \"/a/b\" in F:2",
        "worker_conns twice   | events { worker_connections 10; worker_connections 20; } | \"worker_connections\" directive is duplicate in F:1",
        "errors in file order | events {}\\nfoo;\\npid \"a\"b;                       | unknown directive \"foo\" in F:2",
        "include after error  | events {}\\nfoo;\\ninclude nothere.conf;             | unknown directive \"foo\" in F:2",
    })
    void errorsAreNginxs(String name, String text, String message) {
        String config = text.replace("\\n", "\n");
        assertThat(error(config, null)).as("pier").isEqualTo(message);
        if (NginxOracle.available()) {
            Path f = dir.resolve("conf/pier.conf");
            assertThat(NginxOracle.configTest(dir, f)).as("nginx -t")
                    .containsExactly("[emerg] " + message.replace("F:", f + ":"));
        }
    }

    @Test void aWildcardNameIsNotCheckedWhenItsServerIsAloneOnTheAddress() {
        // nginx builds (and checks) the names hash only for an address shared by several servers
        assertThat(load("events {}\nhttp { server { listen 8113; server_name a*b; } }\n", null)).isNotNull();
    }

    @Test void commandLineDirectivesComeFirstAndSayCommandLine() {
        assertThat(error("events {}\n", "foo bar;")).isEqualTo("unknown directive \"foo\" in command line");
        assertThat(error("events {}\n", "pid a; pid b;")).isEqualTo("\"pid\" directive is duplicate in command line");
        assertThat(error("events {}\npid b;\n", "pid a;")).isEqualTo("\"pid\" directive is duplicate in F:2");
        assertThat(error("events {}\n", "daemon off")).isEqualTo("unexpected end of parameter, expecting \";\" in command line");
        assertThat(load("events {}\n", "pid run/x.pid; worker_processes 3;").main().get(MainModule.PID)).isEqualTo("run/x.pid");
    }

    @Test void mainAndEventsDirectivesAreAccepted() {
        PierConfig c = load("""
                user www-data;
                worker_processes auto;
                worker_rlimit_nofile 65535;
                worker_priority -5;
                worker_cpu_affinity auto;
                worker_shutdown_timeout 10s;
                pcre_jit on;
                timer_resolution 100ms;
                working_directory /tmp;
                env TZ;
                master_process on;
                daemon off;
                pid logs/x.pid;
                error_log logs/error.log warn;
                error_log stderr;
                load_module modules/ngx_http_foo_module.so;
                events {
                    worker_connections 768;
                    multi_accept on;
                    use epoll;
                    accept_mutex off;
                    accept_mutex_delay 500ms;
                }
                """, null);
        assertThat(c.main().get(MainModule.WORKER_CONNECTIONS)).isEqualTo(768);
        assertThat(c.main().get(MainModule.PID)).isEqualTo("logs/x.pid");
        assertThat(c.warnings()).anyMatch(w -> w.startsWith("the \"user\" directive is ignored") && w.endsWith("pier.conf:1"));
        assertThat(c.warnings()).anyMatch(w -> w.startsWith("\"load_module\" is ignored"));
    }

    @Test void conflictingServerNamesWarnAsNginx() {
        PierConfig c = load("events {}\nhttp {\n server { listen 8114; server_name a A; }\n server { listen 8114; server_name a *.b .b; }\n"
                + " server { listen 8114; server_name ~^x$; }\n server { listen 8114; server_name ~^x$; }\n"
                + " server { listen 8115; server_name c c; }\n}\n", null);
        assertThat(c.warnings()).containsExactly(
                "conflicting server name \"a\" on 0.0.0.0:8114, ignored",
                "conflicting server name \"a\" on 0.0.0.0:8114, ignored",
                "conflicting server name \".b\" on 0.0.0.0:8114, ignored");
    }

    @Test void daemonOnWarns() {
        PierConfig c = load("daemon on;\nevents {}\n", null);
        assertThat(c.warnings()).containsExactly("\"daemon on\" is ignored: pier always runs in the foreground in "
                + dir.resolve("conf/pier.conf") + ":1");
        assertThat(load("daemon off;\nevents {}\n", null).warnings()).isEmpty();
    }

    @Test void flagsAcceptAnyCase() {
        // ngx_conf_set_flag_slot compares with ngx_strcasecmp
        assertThat(load("daemon OFF;\nevents { multi_accept On; }\n", null).warnings()).isEmpty();
    }

    @Test void aMissingMainFileHasNoLine() {
        assertThatThrownBy(() -> Modules.load(dir, dir.resolve("none.conf"), null))
                .hasMessage("open() \"" + dir.resolve("none.conf") + "\" failed (2: No such file or directory)");
    }
}

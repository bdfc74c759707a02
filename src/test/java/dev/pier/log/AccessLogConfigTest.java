package dev.pier.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.config.syntax.ConfigException;
import dev.pier.testing.ConfigLoad;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What log_format, access_log and open_log_file_cache refuse, in nginx's words: every case was run through
 * {@code nginx -t} 1.22 inside {@code http { }} (so errors are on line 3; "F" is the file).
 */
class AccessLogConfigTest {
    @TempDir Path dir;

    /** The load's error, or null when it loads. */
    private String error(String http) {
        ConfigLoad config = new ConfigLoad(dir);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> config.http(http));
        return e == null ? null : e.getMessage().replace(config.file().toString(), "F");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "combined is predefined | log_format combined \"$uri\";                  | duplicate \"log_format\" name \"combined\" in F:3",
        "duplicate name         | log_format a \"$uri\"; log_format a \"$uri\";   | duplicate \"log_format\" name \"a\" in F:3",
        "unknown variable       | log_format a \"$foo\";                          | unknown \"foo\" variable in F:3",
        "unknown escaping       | log_format a escape=xx \"$uri\";                | unknown log format escaping \"xx\" in F:3",
        "too few arguments      | log_format a;                                  | invalid number of arguments in \"log_format\" directive in F:3",
        "not in server          | server { log_format a \"x\"; }                 | \"log_format\" directive is not allowed here in F:3",
        "unknown format         | access_log logs/a.log nope;                    | unknown log format \"nope\" in F:3",
        "format defined later   | access_log logs/a.log a; log_format a \"x\";   | unknown log format \"a\" in F:3",
        "bad buffer             | access_log logs/a.log combined buffer=xx;      | invalid buffer size \"xx\" in F:3",
        "flush without buffer   | access_log logs/a.log combined flush=5s;       | no buffer is defined for access_log \"logs/a.log\" in F:3",
        "bad flush              | access_log logs/a.log combined flush=xx buffer=1k; | invalid flush time \"xx\" in F:3",
        "bad gzip level         | access_log logs/a.log combined gzip=11;        | invalid compression level \"11\" in F:3",
        "unknown parameter      | access_log logs/a.log combined foo=1;          | invalid parameter \"foo=1\" in F:3",
        "off with a format      | access_log off combined;                       | invalid parameter \"combined\" in F:3",
        "syslog port            | access_log syslog:server=127.0.0.1:99999 combined; | invalid port in syslog server \"127.0.0.1:99999\" in F:3",
        "syslog parameter       | access_log syslog:foo=1 combined;              | unknown syslog parameter \"foo=1\" in F:3",
        "syslog facility        | access_log syslog:server=127.0.0.1,facility=xx combined; | unknown syslog facility \"xx\" in F:3",
        "buffered with variables | access_log logs/$uri.log combined gzip;       | buffered logs cannot have variables in name in F:3",
"conflicting buffers     | access_log logs/a.log combined buffer=1k; access_log logs/a.log combined buffer=2k; | access_log \"logs/a.log\" already defined with conflicting parameters in F:3",
        "conflicting in server  | access_log logs/a.log combined buffer=1k; server { access_log logs/a.log combined buffer=1k flush=1s; } | access_log \"logs/a.log\" already defined with conflicting parameters in F:3",
        "cache duplicate        | open_log_file_cache max=10 inactive=5s; open_log_file_cache off; | \"open_log_file_cache\" directive is duplicate in F:3",
        "cache parameter        | open_log_file_cache foo;                       | invalid \"open_log_file_cache\" parameter \"foo\" in F:3",
    })
    void refusedAsNginxDoes(String name, String http, String expected) {
        assertThat(error(http)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "empty condition        | access_log logs/a.log combined if=;",
        "buffer twice           | access_log logs/a.log combined buffer=1k buffer=2k;",
        "escape without text    | log_format a escape=json;",
        "every parameter        | access_log logs/a.log.gz combined buffer=32k flush=1m gzip=9 if=$arg_x;",
        "syslog in full         | access_log syslog:server=127.0.0.1:5514,facility=local0,severity=error,tag=abc,nohostname combined;",
        "several and off        | access_log logs/a.log; access_log logs/b.log combined; server { access_log off; }",
        "json format            | log_format j escape=json '{\"a\":\"$remote_addr\"}'; access_log logs/j.log j;",
        "cache accepted         | open_log_file_cache max=1000 inactive=20s valid=1m min_uses=2;",
        "log_subrequest         | log_subrequest on;",
        "buffered and not       | access_log logs/a.log combined buffer=1k; access_log logs/a.log combined;",
        "same buffer twice      | access_log logs/a.log combined buffer=1k; server { access_log logs/a.log combined buffer=1k; }",
    })
    void acceptedAsNginxDoes(String name, String http) {
        assertThat(error(http)).isNull();
    }

    @Test void aLogInAMissingDirectoryStopsTheLoadWithoutALine() {
        assertThat(error("server { listen 127.0.0.1:0; location / { access_log nodir/a.log; } }")).isEqualTo("open() \"" + dir.toAbsolutePath().normalize().resolve("nodir/a.log")
                + "\" failed (2: No such file or directory)");
    }

    @Test void variablesInAFormatMayBeDefinedLaterInTheFile() {
        assertThat(error("log_format a \"$arg_x $http_x_y $sent_http_etag $cookie_c\";")).isNull();
    }
}

package dev.pier.http.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.syntax.ConfigException;
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
 * The rewrite module's configuration errors, in nginx's words and at its lines; each case also runs through
 * {@code nginx -t} when nginx is installed. nginx names no line for an unknown variable; Pier names the first use.
 */
class RewriteConfigTest {
    @TempDir Path dir;

    private Path write(String server) {
        try {
            Files.createDirectories(dir.resolve("conf"));
            return Files.writeString(dir.resolve("conf/pier.conf"),
                    "events {}\nhttp {\nserver {\nlisten 127.0.0.1:8123;\n" + server + "\n}\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "bad regex             | location / { rewrite (abc /x; }                  | pcre2_compile() failed: missing closing parenthesis in \"(abc\" in F:5",
        "bad regex at          | location / { rewrite \"a{2,1}\" /x; }            | pcre2_compile() failed: numbers out of order in {} quantifier in \"a{2,1}\" at \"}\" in F:5",
        "bad if regex          | location / { if ($uri ~ \"(\") { } }             | pcre2_compile() failed: missing closing parenthesis in \"(\" in F:5",
        "bad location regex    | location ~ (abc { }                              | pcre2_compile() failed: missing closing parenthesis in \"(abc\" in F:5",
        "bad location regex at | location ~ a) { }                                | pcre2_compile() failed: unmatched closing parenthesis in \"a)\" at \")\" in F:5",
        "bad server regex      | rewrite *a /x;                                   | pcre2_compile() failed: quantifier does not follow a repeatable item in \"*a\" at \"*a\" in F:5",
        "empty replacement     | location / { rewrite ^ \"\"; }                   | empty replacement in F:5",
        "bad flag              | location / { rewrite ^ /x foo; }                 | invalid parameter \"foo\" in F:5",
        "rewrite arity         | location / { rewrite ^; }                        | invalid number of arguments in \"rewrite\" directive in F:5",
        "trailing dollar       | location / { rewrite ^ /a$; }                    | invalid variable name in F:5",
        "open bracket          | location / { rewrite ^ /a${b; }                  | the closing bracket in \"b\" variable is missing in F:5",
        "set without dollar    | location / { set a 1; }                          | invalid variable name \"a\" in F:5",
        "set arity             | location / { set $a; }                           | invalid number of arguments in \"set\" directive in F:5",
        "set $uri              | location / { set $uri /x; }                      | the duplicate \"uri\" variable in F:5",
        "set $host             | location / { set $host x; }                      | the duplicate \"host\" variable in F:5",
        "set $query_string     | location / { set $query_string x; }              | the duplicate \"query_string\" variable in F:5",
        "set $request_uri      | location / { set $request_uri x; }               | the duplicate \"request_uri\" variable in F:5",
        "unknown in set        | location / { set $a $nope; }                     | unknown \"nope\" variable in F:5",
        "unknown in if         | location / { if ($nope) { } }                    | unknown \"nope\" variable in F:5",
        "unknown in rewrite    | location / { rewrite ^ /$nope; }                 | unknown \"nope\" variable in F:5",
        "braced capture        | location / { rewrite ^/(a) /${1}x; }             | unknown \"1\" variable in F:5",
        "capture zero in set   | location / { set $x $0; }                        | unknown \"0\" variable in F:5",
        "capture as if subject | location / { if ($1) { } }                       | unknown \"1\" variable in F:5",
        "invalid condition     | location / { if (a) { } }                        | invalid condition \"a\" in F:5",
        "unexpected operator   | location / { if ($uri == x) { } }                | unexpected \"==\" in condition in F:5",
        "if without parens     | location / { if $uri { } }                       | invalid condition \"$uri\" in F:5",
        "nested if             | location / { if ($uri) { if ($uri) { } } }       | \"if\" directive is not allowed here in F:5",
        "if in http            | }\\nif ($uri) { }\\nserver {                     | \"if\" directive is not allowed here in F:6",
        "if without block      | location / { if ($uri); }                        | directive \"if\" has no opening \"{\" in F:5",
        "try_files in if       | location / { if ($uri) { try_files $uri =404; } } | \"try_files\" directive is not allowed here in F:5",
        "index in if           | location / { if ($uri) { index x; } }            | \"index\" directive is not allowed here in F:5",
        "alias in if           | location / { if ($uri) { alias /x; } }           | \"alias\" directive is not allowed here in F:5",
        "root in server if     | if ($uri) { root /x; }                           | \"root\" directive is not allowed here in F:5",
        "break with argument   | location / { break x; }                          | invalid number of arguments in \"break\" directive in F:5",
        "rewrite_log value     | rewrite_log maybe;                               | invalid value \"maybe\" in \"rewrite_log\" directive, it must be \"on\" or \"off\" in F:5",
        "rewrite_log twice     | rewrite_log on; rewrite_log off;                 | \"rewrite_log\" directive is duplicate in F:5",
        "return code           | location / { if ($uri) { return abc; } }         | invalid return code \"abc\" in F:5",
        "rewrite in http       | }\\nrewrite ^ /x;\\nserver {                      | \"rewrite\" directive is not allowed here in F:6",
    })
    void refusedAsNginxRefuses(String name, String server, String message) {
        Path f = write(server.replace("\\n", "\n"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Modules.load(dir, f, null));
        assertThat(e).as("an error for " + server).isNotNull();
        assertThat(e.getMessage().replace(f.toString(), "F")).isEqualTo(message);
        if (NginxOracle.available()) {
            String expected = message.matches("unknown \".*\" variable in F:\\d+") ? message.replaceFirst(" in F:\\d+$", "")
                    : message.replace("F:", f + ":");
            assertThat(NginxOracle.configTest(dir, f)).as("nginx -t").containsExactly("[emerg] " + expected);
        }
    }

    @Test void everyDirectiveLoadsWhereNginxAllowsIt() {
        Path f = write("""
                rewrite_log on;
                uninitialized_variable_warn off;
                rewrite ^/a /b;
                set $s 1;
                break;
                return 404;
                if ($s) { rewrite ^ /c last; set $t 2; break; return 403; rewrite_log off; uninitialized_variable_warn on; }
                location / {
                    rewrite ^/d(.*)$ /e$1 break;
                    set $args a=1;
                    set $http_x forged;
                    if ($t = 2) { root html; expires 1h; rewrite_log on; set $u 3; return 200 "$u"; }
                    if (!-e $request_filename) { rewrite ^ /index.html last; }
                    if ($http_user_agent ~* "(bot|crawl)") { return 403; }
                }
                """);
        assertThat(Modules.load(dir, f, null)).isNotNull();
        if (NginxOracle.available()) {
            assertThat(NginxOracle.configTest(dir, f)).as("nginx -t").isEmpty();
        }
    }
}

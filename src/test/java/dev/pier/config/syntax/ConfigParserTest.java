package dev.pier.config.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tokenizer and the tree, as nginx's ngx_conf_read_token and ngx_conf_parse behave. Every error message
 * and line here was compared with {@code nginx -t} (1.22) on the same text.
 */
class ConfigParserTest {
    private static final Path FILE = Path.of("/t/pier.conf");

    static List<ConfigDirective> parse(String text) {
        List<ConfigDirective> tree = ConfigParser.parseText(text, FILE, FILE.getParent());
        throwFailure(tree);
        return tree;
    }

    private static void throwFailure(List<ConfigDirective> tree) {
        for (ConfigDirective d : tree) {
            if (d.isFailure()) {
                throw d.failure();
            }
            if (d.isBlock()) {
                throwFailure(d.block());
            }
        }
    }

    static List<String> words(String directive) {
        ConfigDirective d = parse(directive).get(0);
        return d.args();
    }

    @Test void wordsAreSplitOnSpacesTabsAndNewlines() {
        ConfigDirective d = parse("a  b\tc\n d\r\n;").get(0);
        assertThat(d.name()).isEqualTo("a");
        assertThat(d.args()).containsExactly("b", "c", "d");
        assertThat(d.isBlock()).isFalse();
    }

    @Test void quotesGroupAndMayBeEmpty() {
        assertThat(words("x \"a b\" 'c d' \"\" '';")).containsExactly("a b", "c d", "", "");
    }

    @Test void quotedTextKeepsTheOtherQuoteAndSemicolonsAndBraces() {
        assertThat(words("x \"it's; {ok}\" 'say \"hi\"';")).containsExactly("it's; {ok}", "say \"hi\"");
    }

    @Test void escapesResolveAsNginxDoes() {
        // \" \' \\ lose the backslash, \t \r \n become control characters, any other pair is kept as written
        assertThat(words("x \"a\\\"b\" 'c\\'d' \"e\\\\f\" \"\\t\\r\\n\";")).containsExactly("a\"b", "c'd", "e\\f", "\t\r\n");
        assertThat(words("x ~^/(\\d+)\\.php$ \"\\d\\w\\$\";")).containsExactly("~^/(\\d+)\\.php$", "\\d\\w\\$");
    }

    @Test void escapesWorkOutsideQuotesToo() {
        // an escaped ';' or space does not end the word; the backslash stays, as nginx copies unknown pairs
        assertThat(words("x a\\;b a\\ b a\\\"b;")).containsExactly("a\\;b", "a\\ b", "a\"b");
    }

    @Test void dollarBraceDoesNotOpenABlock() {
        assertThat(words("return 200 a${host}b;")).containsExactly("200", "a${host}b");
        assertThat(words("set $x ${y};")).containsExactly("$x", "${y}");
    }

    @Test void braceAfterAWordOpensABlock() {
        ConfigDirective d = parse("location /a{ x y; }").get(0);
        assertThat(d.args()).containsExactly("/a");
        assertThat(d.block()).extracting(ConfigDirective::name).containsExactly("x");
    }

    @Test void closingBraceInsideAWordIsPartOfTheWord() {
        assertThat(words("x a}b c};")).containsExactly("a}b", "c}");
    }

    @Test void hashStartsACommentOnlyWhereAWordCouldStart() {
        List<ConfigDirective> tree = parse("# full line\nx a#b \"#c\"; # after\ny; #z;\n");
        assertThat(tree).extracting(ConfigDirective::name).containsExactly("x", "y");
        assertThat(tree.get(0).args()).containsExactly("a#b", "#c");
    }

    @Test void nestedBlocksKeepTheirLines() {
        List<ConfigDirective> tree = parse("http {\n  server {\n    location / {\n      root html;\n    }\n  }\n}\n");
        ConfigDirective http = tree.get(0);
        ConfigDirective server = http.block().get(0);
        ConfigDirective location = server.block().get(0);
        ConfigDirective root = location.block().get(0);
        assertThat(http.source()).hasToString("/t/pier.conf:1");
        assertThat(server.source().line()).isEqualTo(2);
        assertThat(location.args()).containsExactly("/");
        assertThat(root.source().line()).isEqualTo(4);
    }

    @Test void aDirectiveIsAtTheLineOfItsTerminator() {
        // nginx reports the line where ';' or '{' was read
        assertThat(parse("x\na\nb;").get(0).source().line()).isEqualTo(3);
        assertThat(parse("x \"multi\nline\";").get(0).args()).containsExactly("multi\nline");
    }

    @Test void parenthesisAfterAQuoteStartsTheNextWord() {
        ConfigDirective d = parse("if ($a = \"x\") { }").get(0);
        assertThat(d.args()).containsExactly("($a", "=", "x", ")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "quote then letter        | events {}\\npid \"a\"b;\\n        | unexpected \"b\" in /t/pier.conf:2",
        "single quote then letter | events {}\\npid 'a'x;\\n         | unexpected \"x\" in /t/pier.conf:2",
        "closing brace at top     | events {}\\n}\\n                 | unexpected \"}\" in /t/pier.conf:2",
        "brace after words        | events {}\\npid a }\\n           | unexpected \"}\" in /t/pier.conf:2",
        "eof inside block         | events {\\n\\n                   | unexpected end of file, expecting \"}\" in /t/pier.conf:3",
        "eof inside directive     | events {}\\npid a\\n             | unexpected end of file, expecting \";\" or \"}\" in /t/pier.conf:3",
        "eof inside quotes        | events {}\\npid \"abc\\n\\n       | unexpected end of file, expecting \";\" or \"}\" in /t/pier.conf:4",
        "semicolon alone          | events {}\\n;\\n                 | unexpected \";\" in /t/pier.conf:2",
        "brace alone              | events {}\\n{\\n}\\n             | unexpected \"{\" in /t/pier.conf:2",
        "include as block         | include x {\\n}\\n               | directive \"include\" is not terminated by \";\" in /t/pier.conf:1",
        "include two args         | events {}\\ninclude a b;\\n     | invalid number of arguments in \"include\" directive in /t/pier.conf:2",
    })
    void syntaxErrorsAreWordedAsNginx(String name, String text, String message, @TempDir Path dir) throws IOException {
        String config = text.replace("\\n", "\n");
        assertThatThrownBy(() -> parse(config)).isInstanceOf(ConfigException.class).hasMessage(message);
        if (NginxOracle.available()) {
            Path file = Files.writeString(dir.resolve("pier.conf"), config);
            assertThat(NginxOracle.configTest(dir, file)).as("nginx -t")
                    .containsExactly("[emerg] " + message.replace(FILE.toString(), file.toString()));
        }
    }

    @Test void aSyntaxErrorEndsTheTreeWhereItHappens() {
        List<ConfigDirective> tree = ConfigParser.parseText("a;\nb {\n c \"x\"y;\n d;\n}\ne;\n", FILE, FILE.getParent());
        // a, b (holding c's failure), and the failure again at top level so that a module skipping b still stops
        assertThat(tree).hasSize(3);
        assertThat(tree.get(1).block()).hasSize(1);
        assertThat(tree.get(1).block().get(0).isFailure()).isTrue();
        assertThat(tree.get(2).failure()).hasMessage("unexpected \"y\" in /t/pier.conf:3");
    }

    @Test void commandLineParametersHaveNoLine() {
        assertThat(ConfigParser.parseParameters("daemon off; pid x;", FILE.getParent()))
                .extracting(ConfigDirective::name).containsExactly("daemon", "pid");
        assertThat(ConfigParser.parseParameters("daemon off", FILE.getParent()).get(0).failure())
                .hasMessage("unexpected end of parameter, expecting \";\" in command line");
        assertThat(ConfigParser.parseParameters("events { }", FILE.getParent()).get(0).failure())
                .hasMessage("block directives are not supported in -g option in command line");
        assertThat(ConfigParser.parseParameters("pid \"a\"b;", FILE.getParent()).get(0).failure())
                .hasMessage("unexpected \"b\" in command line");
    }
}

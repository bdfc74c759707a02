package dev.pier.config.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include} as nginx expands it; messages compared with {@code nginx -t} on the same files. */
class IncludeTest {
    @TempDir Path dir;

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    /** Directive names in order, with nesting flattened, stopping at a failure (which is thrown). */
    private static List<String> names(List<ConfigDirective> tree) {
        List<String> out = new ArrayList<>();
        for (ConfigDirective d : tree) {
            if (d.isFailure()) {
                throw d.failure();
            }
            out.add(d.name() + (d.args().isEmpty() ? "" : " " + String.join(" ", d.args())));
            if (d.isBlock()) {
                names(d.block()).forEach(n -> out.add("  " + n));
            }
        }
        return out;
    }

    @Test void globsAreSortedAndSkipHiddenFiles() throws IOException {
        Path main = write("conf/pier.conf", "a;\ninclude d/*.conf;\nz;\n");
        write("conf/d/b.conf", "b;");
        write("conf/d/a.conf", "a2;");
        write("conf/d/B.conf", "upper;");
        write("conf/d/.hidden.conf", "hidden;");
        write("conf/d/c.txt", "txt;");
        assertThat(names(ConfigParser.parseFile(main))).containsExactly("a", "upper", "a2", "b", "z");
    }

    @Test void aDotPatternMatchesHiddenFiles() throws IOException {
        Path main = write("conf/pier.conf", "include d/.*.conf;\n");
        write("conf/d/.h.conf", "hidden;");
        assertThat(names(ConfigParser.parseFile(main))).containsExactly("hidden");
    }

    @Test void aGlobWithoutMatchIsFine() throws IOException {
        Path main = write("conf/pier.conf", "include nothing/*.conf;\ninclude none*;\nx;\n");
        assertThat(names(ConfigParser.parseFile(main))).containsExactly("x");
    }

    @Test void wildcardsWorkInDirectoryElements() throws IOException {
        Path main = write("conf/pier.conf", "include sites-*/*.conf;\n");
        write("conf/sites-b/one.conf", "b;");
        write("conf/sites-a/one.conf", "a;");
        write("conf/sites-a/[x].conf", "bracket;");
        assertThat(names(ConfigParser.parseFile(main))).containsExactly("bracket", "a", "b");  // byte order: '[' < 'o' 
    }

    @Test void bracketAndQuestionMarkPatterns() throws IOException {
        Path main = write("conf/pier.conf", "include d/[ab]?.conf;\ninclude d/[!ab]1.conf;\n");
        write("conf/d/a1.conf", "a1;");
        write("conf/d/b2.conf", "b2;");
        write("conf/d/c1.conf", "c1;");
        write("conf/d/ab1.conf", "ab1;");
        assertThat(names(ConfigParser.parseFile(main))).containsExactly("a1", "b2", "c1");
    }

    @Test void aMissingFileIsAnOpenErrorAtTheIncludeLine() throws IOException {
        Path main = write("conf/pier.conf", "events {}\ninclude inc/missing.conf;\n");
        List<ConfigDirective> tree = ConfigParser.parseFile(main);
        assertThat(tree.get(tree.size() - 1).failure()).hasMessage("open() \"" + dir.resolve("conf/inc/missing.conf")
                + "\" failed (2: No such file or directory) in " + main + ":2");
    }

    @Test void aDirectoryIsAReadErrorWithoutLocationAsInNginx() throws IOException {
        Path main = write("conf/pier.conf", "include d/*;\n");
        write("conf/d/a", "a;");
        Files.createDirectories(dir.resolve("conf/d/sub"));
        List<ConfigDirective> tree = ConfigParser.parseFile(main);
        ConfigException e = tree.get(tree.size() - 1).failure();
        assertThat(e).hasMessage("pread() \"" + dir.resolve("conf/d/sub") + "\" failed (21: Is a directory)");
        assertThat(e.level()).isEqualTo("crit");
        assertThat(tree.get(0).name()).isEqualTo("a");
    }

    @Test void includesWorkInsideBlocksAndRelativeToTheMainFile() throws IOException {
        Path main = write("conf/pier.conf", "http {\n  include http.d/*.conf;\n  server { include snippets/s.conf; }\n}\n");
        write("conf/http.d/types.conf", "default_type text/plain;\n");
        write("conf/snippets/s.conf", "listen 80;\ninclude snippets/t.conf;\n");
        write("conf/snippets/t.conf", "server_name a;\n");
        assertThat(names(ConfigParser.parseFile(main)))
                .containsExactly("http", "  default_type text/plain", "  server", "    listen 80", "    server_name a");
    }

    @Test void anErrorInAnIncludedFileNamesThatFileAndLine() throws IOException {
        Path main = write("conf/pier.conf", "a;\ninclude x.conf;\n");
        Path inc = write("conf/x.conf", "\n\nb \"q\"z;\n");
        List<ConfigDirective> tree = ConfigParser.parseFile(main);
        assertThat(tree.get(tree.size() - 1).failure()).hasMessage("unexpected \"z\" in " + inc + ":3");
    }

    @Test void anIncludeLoopStopsWithAClearError() throws IOException {
        // nginx 1.22 has no limit here and crashes (stack overflow); Pier stops at 32 levels
        Path main = write("conf/pier.conf", "include loop.conf;\n");
        Path loop = write("conf/loop.conf", "include loop.conf;\n");
        List<ConfigDirective> tree = ConfigParser.parseFile(main);
        assertThat(tree.get(tree.size() - 1).failure()).hasMessage("too deep include of \"loop.conf\" in " + loop + ":1");
    }

    @Test void filesOfListsEveryFileOnceInReadOrder() throws IOException {
        Path main = write("conf/pier.conf", "include d/*.conf;\nhttp { include d/a.conf; include e.conf; }\n");
        write("conf/d/a.conf", "#a\n");
        write("conf/d/b.conf", "#b\n");
        write("conf/e.conf", "#e\n");
        assertThat(ConfigParser.filesOf(main)).containsExactly(main, dir.resolve("conf/d/a.conf"),
                dir.resolve("conf/d/b.conf"), dir.resolve("conf/e.conf"));
    }
}

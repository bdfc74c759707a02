package dev.pier.cli;

import dev.pier.config.syntax.ConfigParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code -T}: prints every configuration file read (the main file, then each include in the order read, each
 * once) as nginx does: a "# configuration file NAME:" line, the bytes of the file, and a newline.
 */
final class ConfigDump {
    private ConfigDump() { }

    static void print(Path main, PrintStream out) {
        for (Path file : ConfigParser.filesOf(main)) {
            out.print("# configuration file " + file + ":\n");
            try {
                out.write(Files.readAllBytes(file));
            } catch (IOException e) {
                out.print("# cannot read " + file + ": " + e.getMessage() + "\n");
            }
            out.print("\n");
        }
        out.flush();
    }
}

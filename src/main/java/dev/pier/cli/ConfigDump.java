package dev.pier.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code -T}: prints the configuration files as nginx does, each under a "# configuration file NAME:" line. */
final class ConfigDump {
    private ConfigDump() { }

    static void print(Path main, PrintStream out) {
        try {
            out.println("# configuration file " + main + ":");
            out.print(Files.readString(main, StandardCharsets.ISO_8859_1));
            out.println();
        } catch (IOException e) {
            out.println("# cannot read " + main + ": " + e.getMessage());
        }
        out.flush();
    }
}

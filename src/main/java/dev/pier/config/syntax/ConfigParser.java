package dev.pier.config.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an nginx configuration file into a tree of {@link ConfigDirective}s, expanding {@code include}
 * in place (globs sorted by name, relative paths taken from the directory of the main file, as nginx's
 * conf prefix). Only syntax is checked here; what the directives mean is the config loader's business.
 * A syntax error ends the tree with a failed node (see {@link ConfigDirective}) so that it is reported in
 * file order with the loader's errors, as nginx's single pass reports them.
 */
public final class ConfigParser {
    /** nginx has no limit and overflows its stack on an include loop; Pier stops here with a clear error. */
    private static final int MAX_INCLUDE_DEPTH = 32;
    private final Path confDir;
    private final Set<Path> files = new LinkedHashSet<>();

    private ConfigParser(Path confDir) {
        this.confDir = confDir;
    }

    /** Parses the main file; relative includes resolve against its directory. */
    public static List<ConfigDirective> parseFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new ConfigParser(abs.getParent()).parse(abs, null, 0);
    }

    /** Every file the main file reads, itself first, then includes in the order they are read (for {@code -T}). */
    public static List<Path> filesOf(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        ConfigParser parser = new ConfigParser(abs.getParent());
        parser.parse(abs, null, 0);
        return List.copyOf(parser.files);
    }

    /** Parses text as if it were the main file {@code file} (used for tests). */
    public static List<ConfigDirective> parseText(String text, Path file, Path confDir) {
        return new ConfigParser(confDir).parseBlock(new ConfigLexer(text, file), true, 0);
    }

    /**
     * Parses the directives of {@code -g}: simple directives only, positions reported "in command line";
     * includes resolve against {@code confDir}.
     */
    public static List<ConfigDirective> parseParameters(String text, Path confDir) {
        return new ConfigParser(confDir).parseBlock(ConfigLexer.parameter(text), true, 0);
    }

    private List<ConfigDirective> parse(Path file, ConfigSource includedFrom, int depth) {
        if (Files.isDirectory(file)) {
            // nginx opens it, then fails to read it, without naming the include
            throw new ConfigException("pread() \"" + file + "\" failed (21: Is a directory)", null, "crit");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ConfigException("open() \"" + file + "\" failed (2: No such file or directory)", includedFrom);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.AccessDeniedException ? "13: Permission denied" : String.valueOf(e.getMessage());
            throw new ConfigException("open() \"" + file + "\" failed (" + reason + ")", includedFrom);
        }
        files.add(file);
        return parseBlock(new ConfigLexer(text, file), true, depth);
    }

    private List<ConfigDirective> parseBlock(ConfigLexer lexer, boolean topLevel, int depth) {
        List<ConfigDirective> out = new ArrayList<>();
        try {
            readBlock(lexer, topLevel, depth, out);
        } catch (ConfigException e) {
            out.add(ConfigDirective.failed(e));
        }
        return out;
    }

    /** Reads directives into {@code out} until the block ends; stops after a failed node. */
    private void readBlock(ConfigLexer lexer, boolean topLevel, int depth, List<ConfigDirective> out) {
        List<String> words = ConfigLexer.newWordList();
        while (true) {
            ConfigLexer.Stop stop = lexer.next(words);
            switch (stop) {
                case EOF -> {
                    if (!words.isEmpty()) {
                        throw lexer.unexpectedEnd();
                    }
                    if (!topLevel) {
                        throw new ConfigException("unexpected end of file, expecting \"}\"", lexer.here());
                    }
                    return;
                }
                case BLOCK_END -> {
                    if (topLevel) {
                        throw new ConfigException("unexpected \"}\"", lexer.here());
                    }
                    return;
                }
                case SEMICOLON -> {
                    ConfigSource source = lexer.here();
                    String name = words.get(0);
                    List<String> args = List.copyOf(words.subList(1, words.size()));
                    if (name.equals("include")) {
                        if (args.size() != 1) {
                            throw new ConfigException("invalid number of arguments in \"include\" directive", source);
                        }
                        include(args.get(0), source, depth, out);
                    } else {
                        out.add(new ConfigDirective(name, args, null, source));
                    }
                }
                case BLOCK_START -> {
                    ConfigSource source = lexer.here();
                    String name = words.get(0);
                    if (lexer.isParameter()) {
                        throw new ConfigException("block directives are not supported in -g option", source);
                    }
                    if (name.equals("include")) {
                        throw new ConfigException("directive \"include\" is not terminated by \";\"", source);
                    }
                    List<String> args = List.copyOf(words.subList(1, words.size()));
                    List<ConfigDirective> inner = parseBlock(lexer, false, depth);
                    out.add(new ConfigDirective(name, args, inner, source));
                    // a failure inside the block also ends this level: a module that skips the block must not
                    // go on with the rest of the file as if it had been read
                    if (!inner.isEmpty() && inner.get(inner.size() - 1).isFailure()) {
                        out.add(inner.get(inner.size() - 1));
                    }
                }
            }
            if (!out.isEmpty() && out.get(out.size() - 1).isFailure()) {
                return;
            }
        }
    }

    private void include(String pattern, ConfigSource source, int depth, List<ConfigDirective> out) {
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException("too deep include of \"" + pattern + "\"", source);
        }
        Path target = confDir.resolve(pattern).normalize();
        if (!IncludeGlob.isGlob(pattern)) {
            out.addAll(parse(target, source, depth + 1));
            return;
        }
        for (Path file : IncludeGlob.expand(target, source)) {
            List<ConfigDirective> part = parse(file, source, depth + 1);
            out.addAll(part);
            if (!part.isEmpty() && part.get(part.size() - 1).isFailure()) {
                return;
            }
        }
    }
}

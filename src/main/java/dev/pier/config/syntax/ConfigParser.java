package dev.pier.config.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an nginx configuration file into a tree of {@link ConfigDirective}s, expanding {@code include}
 * in place (globs sorted by name, relative paths taken from the directory of the main file, as nginx's
 * conf prefix). Only syntax is checked here; what the directives mean is the config loader's business.
 */
public final class ConfigParser {
    private static final int MAX_INCLUDE_DEPTH = 32;
    private final Path confDir;

    private ConfigParser(Path confDir) {
        this.confDir = confDir;
    }

    /** Parses the main file; relative includes resolve against its directory. */
    public static List<ConfigDirective> parseFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new ConfigParser(abs.getParent()).parse(abs, null, 0);
    }

    /** Parses text as if it were the main file {@code file} (used for -g directives and tests). */
    public static List<ConfigDirective> parseText(String text, Path file, Path confDir) {
        return new ConfigParser(confDir).parseBlock(new ConfigLexer(text, file), true, 0);
    }

    private List<ConfigDirective> parse(Path file, ConfigSource includedFrom, int depth) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ConfigException("open() \"" + file + "\" failed (2: No such file or directory)", includedFrom);
        } catch (IOException e) {
            throw new ConfigException("open() \"" + file + "\" failed (" + e.getMessage() + ")", includedFrom);
        }
        return parseBlock(new ConfigLexer(text, file), true, depth);
    }

    private List<ConfigDirective> parseBlock(ConfigLexer lexer, boolean topLevel, int depth) {
        List<ConfigDirective> out = new ArrayList<>();
        List<String> words = ConfigLexer.newWordList();
        while (true) {
            ConfigLexer.Stop stop = lexer.next(words);
            switch (stop) {
                case EOF -> {
                    if (!words.isEmpty()) {
                        throw new ConfigException("unexpected end of file, expecting \";\" or \"}\"", lexer.here());
                    }
                    if (!topLevel) {
                        throw new ConfigException("unexpected end of file, expecting \"}\"", lexer.here());
                    }
                    return out;
                }
                case BLOCK_END -> {
                    if (topLevel) {
                        throw new ConfigException("unexpected \"}\"", lexer.here());
                    }
                    return out;
                }
                case SEMICOLON -> {
                    ConfigSource source = lexer.here();
                    String name = words.get(0);
                    List<String> args = List.copyOf(words.subList(1, words.size()));
                    if (name.equals("include")) {
                        if (args.size() != 1) {
                            throw new ConfigException("invalid number of arguments in \"include\" directive", source);
                        }
                        out.addAll(include(args.get(0), source, depth));
                    } else {
                        out.add(new ConfigDirective(name, args, null, source));
                    }
                }
                case BLOCK_START -> {
                    ConfigSource source = lexer.here();
                    String name = words.get(0);
                    List<String> args = List.copyOf(words.subList(1, words.size()));
                    List<ConfigDirective> inner = parseBlock(lexer, false, depth);
                    out.add(new ConfigDirective(name, args, inner, source));
                }
            }
        }
    }

    private List<ConfigDirective> include(String pattern, ConfigSource source, int depth) {
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException("too deep include of \"" + pattern + "\"", source);
        }
        Path target = confDir.resolve(pattern);
        List<ConfigDirective> out = new ArrayList<>();
        if (!hasGlob(pattern)) {
            out.addAll(parse(target.normalize(), source, depth + 1));
            return out;
        }
        for (Path file : glob(target, source)) {
            out.addAll(parse(file, source, depth + 1));
        }
        return out;
    }

    private static boolean hasGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** Files matching a glob whose wildcards are in the last path element, sorted by name as glob(3) sorts. */
    private static List<Path> glob(Path target, ConfigSource source) {
        Path dir = target.getParent();
        String namePattern = target.getFileName().toString();
        List<Path> files = new ArrayList<>();
        if (hasGlob(dir.toString())) {
            throw new ConfigException("glob() \"" + target + "\" failed (wildcards are supported in the last path element only)", source);
        }
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, namePattern)) {
            for (Path p : stream) {
                // nginx's glob skips hidden files unless the pattern names them
                if (p.getFileName().toString().startsWith(".") && !namePattern.startsWith(".")) {
                    continue;
                }
                if (!Files.isDirectory(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("glob() \"" + target + "\" failed (" + e.getMessage() + ")", source);
        }
        files.sort(null);
        return files;
    }
}

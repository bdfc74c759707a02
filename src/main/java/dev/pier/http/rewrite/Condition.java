package dev.pier.http.rewrite;

import dev.pier.core.Errno;
import dev.pier.core.LogLevel;
import dev.pier.http.Captures;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.variables.Variable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The condition of an {@code if}, as nginx evaluates it on the script's stack. */
interface Condition {
    boolean test(ScriptRun run);

    /** A variable's value, "" when it is not found (nginx's null value). */
    private static String valueOf(Variable v, HttpExchange ex) {
        String s = v.value(ex);
        return s == null ? "" : s;
    }

    /** {@code if ($var)}: false when empty or "0". */
    record Truth(Variable variable) implements Condition {
        @Override public boolean test(ScriptRun run) {
            String v = valueOf(variable, run.exchange());
            return !v.isEmpty() && !v.equals("0");
        }
    }

    /** {@code if ($var = value)} and {@code !=}: exact, case-sensitive comparison. */
    record Comparison(Variable variable, ScriptValue value, boolean negated) implements Condition {
        @Override public boolean test(ScriptRun run) {
            boolean equal = valueOf(variable, run.exchange()).equals(value.render(run, run.quote));
            return equal != negated;
        }
    }

    /** {@code if ($var ~ regex)}, {@code ~*}, {@code !~}, {@code !~*}: a match sets the captures, a miss clears $1..$9. */
    record RegexMatch(Variable variable, Pattern regex, String source, boolean negated) implements Condition {
        @Override public boolean test(ScriptRun run) {
            HttpExchange ex = run.exchange();
            String subject = valueOf(variable, ex);
            Matcher m = regex.matcher(subject);
            if (!m.find()) {
                run.log("\"" + source + "\" does not match \"" + subject + "\"");
                ex.captures(Captures.over(ex.captures(), ScriptRegex.NO_CAPTURES));
                return negated;
            }
            ex.captures(Captures.over(ex.captures(), m.toMatchResult()));
            run.log("\"" + source + "\" matches \"" + subject + "\"");
            return !negated;
        }
    }

    /** The file operators: {@code -f}, {@code -d}, {@code -e}, {@code -x} and their {@code !} forms. */
    enum FileOp { FILE, DIRECTORY, EXISTS, EXECUTABLE }

    /** {@code if (-f path)} ...: a stat of the path (symbolic links followed, as nginx's stat()). */
    record FileTest(ScriptValue path, FileOp op, boolean negated) implements Condition {
        @Override public boolean test(ScriptRun run) {
            String name = path.render(run, run.quote);
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(Path.of(name), PosixFileAttributes.class);
            } catch (NoSuchFileException e) {
                return negated;
            } catch (IOException | java.nio.file.InvalidPathException e) {
                if (e instanceof AccessDeniedException ad) {
                    RequestLog.log(LogLevel.CRIT, run.exchange(), "stat() \"" + name + "\" failed (" + Errno.describe(ad) + ")");
                }
                return negated;
            }
            boolean result = switch (op) {
                case FILE -> a.isRegularFile();
                case DIRECTORY -> a.isDirectory();
                case EXISTS -> a.isRegularFile() || a.isDirectory() || a.isSymbolicLink();
                case EXECUTABLE -> a.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
            };
            return result != negated;
        }
    }
}

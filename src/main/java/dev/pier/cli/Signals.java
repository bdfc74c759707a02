package dev.pier.cli;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import sun.misc.Signal;

/**
 * Signals as nginx takes them: TERM and INT stop at once, QUIT stops gracefully, HUP reloads the
 * configuration, USR1 reopens the logs. The JVM keeps SIGQUIT for thread dumps, so the JVM takes a graceful
 * quit as WINCH (nginx's "stop serving gracefully" signal); bin/pier relays QUIT to it as WINCH.
 * {@code -s name} sends the matching signal to the pid in the pid file.
 */
final class Signals {
    /** The graceful-quit signal of the JVM itself. */
    static final String JVM_QUIT = "WINCH";

    private Signals() { }

    static void install(ServerProcess process) {
        handle("TERM", 15, "exiting", () -> process.requestStop(ServerProcess.Stop.FAST));
        handle("INT", 2, "exiting", () -> process.requestStop(ServerProcess.Stop.FAST));
        handle(JVM_QUIT, 28, "shutting down", () -> process.requestStop(ServerProcess.Stop.GRACEFUL));
        handle("HUP", 1, "reconfiguring", process::requestReload);
        handle("USR1", 10, "reopening logs", process::requestReopen);
    }

    /** nginx's notice for each signal: {@code signal 1 (SIGHUP) received, reconfiguring}. */
    private static void handle(String name, int number, String action, Runnable run) {
        Signal.handle(new Signal(name), s -> {
            ErrorLog.log(LogLevel.NOTICE, "signal " + number + " (SIG" + name + ") received, " + action);
            run.run();
        });
    }

    static int send(String name, Path pidFile, PrintStream err) {
        long pid;
        try {
            pid = PidFile.read(pidFile);
        } catch (IOException e) {
            err.println("pier: [error] " + e.getMessage());
            return 1;
        }
        String signal = switch (name) {
            case "stop" -> "TERM";
            // QUIT goes to bin/pier, which relays it; a JVM run directly would only print a thread dump
            case "quit" -> isJvm(pid) ? JVM_QUIT : "QUIT";
            case "reload" -> "HUP";
            case "reopen" -> "USR1";
            default -> throw new IllegalArgumentException(name);
        };
        int number = switch (signal) {
            case "TERM" -> 15;
            case "QUIT" -> 3;
            case JVM_QUIT -> 28;
            case "HUP" -> 1;
            default -> 10;
        };
        // nginx's words: kill(1234, 15) failed (3: No such process)
        String failed = "pier: [alert] kill(" + pid + ", " + number + ") failed (";
        if (ProcessHandle.of(pid).isEmpty()) {
            err.println(failed + "3: No such process)");
            return 1;
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                err.println(failed + (out.contains("ermitted") ? "1: Operation not permitted" : out) + ")");
                return 1;
            }
            return 0;
        } catch (IOException e) {
            err.println(failed + e.getMessage() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static boolean isJvm(long pid) {
        Optional<String> command = ProcessHandle.of(pid).flatMap(h -> h.info().command());
        return command.isPresent() && (command.get().endsWith("/java") || command.get().endsWith("/java.exe"));
    }
}

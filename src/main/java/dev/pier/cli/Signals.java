package dev.pier.cli;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.server.PierServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Signals as nginx takes them: TERM and INT stop, HUP reloads the configuration, USR1 reopens the logs.
 * {@code -s name} sends the matching signal to the pid in the pid file.
 */
final class Signals {
    private Signals() { }

    static void install(CommandLine cl, PierServer server, CountDownLatch stopped) {
        Signal.handle(new Signal("TERM"), s -> stopped.countDown());
        Signal.handle(new Signal("INT"), s -> stopped.countDown());
        Signal.handle(new Signal("USR1"), s -> ErrorLog.get().reopen());
        Signal.handle(new Signal("HUP"), s -> reload(cl, server));
    }

    private static void reload(CommandLine cl, PierServer server) {
        try {
            PierConfig next = Modules.load(cl.prefix(), cl.confFile(), cl.globals());
            server.reload(next);
            ErrorLog.log(LogLevel.NOTICE, "reconfiguring");
        } catch (ConfigException e) {
            ErrorLog.log(LogLevel.EMERG, e.getMessage());
        } catch (RuntimeException e) {
            ErrorLog.log(LogLevel.ALERT, "reload failed: " + e);
        }
    }

    static int send(String name, Path pidFile, PrintStream err) {
        // -s quit sends TERM as well: the JVM keeps SIGQUIT for thread dumps, so graceful quit needs its own signal
        String signal = switch (name) {
            case "stop", "quit" -> "TERM";
            case "reload" -> "HUP";
            case "reopen" -> "USR1";
            default -> throw new IllegalArgumentException(name);
        };
        int number = switch (signal) {
            case "TERM" -> 15;
            case "HUP" -> 1;
            default -> 10;
        };
        long pid;
        try {
            pid = PidFile.read(pidFile);
        } catch (IOException e) {
            err.println("pier: [error] " + e.getMessage());
            return 1;
        }
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
}

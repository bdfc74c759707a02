package dev.pier.cli;

import dev.pier.Modules;
import dev.pier.Version;
import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import dev.pier.core.Errno;
import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.core.LogReopeners;
import dev.pier.core.MainModule;
import dev.pier.log.AccessLogs;
import dev.pier.server.PierServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Pier serving in the foreground, as nginx's master and workers together: it starts (error log, pid file
 * check, bind, pid file), then takes the signals' actions — reload, reopen, graceful quit, fast stop — one at
 * a time on a control thread, and on every way out removes its pid file.
 */
final class ServerProcess {
    /** How the process is asked to end. */
    enum Stop { FAST, GRACEFUL }

    private final CommandLine cl;
    private final PrintStream err;
    /** The pid the pid file holds: bin/pier's when it supervises this JVM, else this JVM's. */
    private final long ownerPid;
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("pier-control").unstarted(r));
    private final CompletableFuture<Stop> stop = new CompletableFuture<>();
    /** Signals may come before the server is up: their actions wait on the control thread until it is. */
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean fastStop;
    private PierConfig config;
    private Path pidFile;
    private PierServer server;

    ServerProcess(CommandLine cl, PierConfig config, PrintStream err) {
        this.cl = cl;
        this.config = config;
        this.err = err;
        this.ownerPid = PidFile.ownerPid();
        LogReopeners.register(AccessLogs::reopenAll);
        control.execute(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Runs until stopped; the exit status. */
    int run() {
        try {
            // before the pid file exists, so whoever reads it can signal at once
            Signals.install(this);
            if (!start()) {
                return 1;
            }
            started.countDown();
            stopWithSupervisor();
            ErrorLog.log(LogLevel.NOTICE, Version.FULL + " started, listening on " + server.boundAddresses()
                    + (server.usesEpoll() ? " (epoll)" : " (nio)"));
            Stop how = stop.join();
            // no reload may start once stopping: it would bind what is being closed
            control.shutdownNow();
            awaitControl();
            if (how == Stop.GRACEFUL) {
                finishConnections();
            }
            server.close();
            return 0;
        } catch (RuntimeException | Error e) {
            ErrorLog.log(LogLevel.ALERT, "unexpected error: " + e);
            if (server != null) {
                server.close();
            }
            return 1;
        } finally {
            control.shutdownNow();
            awaitControl();
            if (pidFile != null) {
                PidFile.remove(pidFile, ownerPid);
            }
            ErrorLog.log(LogLevel.NOTICE, "exit");
            ErrorLog.get().flush();
        }
    }

    /** A reload under way when the stop came ends before the pid file goes, so it cannot write it back. */
    private void awaitControl() {
        try {
            control.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean start() {
        for (String w : config.warnings()) {
            err.println("pier: [warn] " + w);
        }
        try {
            ErrorLog.use(errorLogOf(config));
        } catch (IOException e) {
            err.println("pier: [emerg] open() \"" + errorLogFile(config) + "\" failed (" + Errno.describe(e) + ")");
            return false;
        }
        Path pid = pidFileOf(config);
        String running = PidFile.runningOwner(pid, ownerPid);
        if (running != null) {
            return failStart(running);
        }
        server = new PierServer(config);
        try {
            server.start();
        } catch (PierServer.BindException e) {
            return failStart(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            PidFile.write(pid, ownerPid);
        } catch (IOException e) {
            server.close();
            return failStart("open() \"" + pid + "\" failed (" + Errno.describe(e) + ")");
        }
        pidFile = pid;
        return true;
    }

    /** Under bin/pier: if the script is killed outright, nothing could signal this JVM any more, so it stops. */
    private void stopWithSupervisor() {
        if (ownerPid == ProcessHandle.current().pid()) {
            return;
        }
        ProcessHandle.of(ownerPid).ifPresent(h -> h.onExit().thenRun(() -> {
            ErrorLog.log(LogLevel.ALERT, "the bin/pier process " + ownerPid + " exited, exiting");
            requestStop(Stop.FAST);
        }));
    }

    private boolean failStart(String message) {
        err.println("pier: [emerg] " + message);
        ErrorLog.log(LogLevel.EMERG, message);
        ErrorLog.get().flush();
        return false;
    }

    /** QUIT: stop accepting, wait for the connections to finish or for worker_shutdown_timeout; TERM cuts it short. */
    private void finishConnections() {
        ErrorLog.log(LogLevel.NOTICE, "gracefully shutting down");
        server.stopAccepting();
        long timeout = server.config().main().get(MainModule.WORKER_SHUTDOWN_TIMEOUT);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        while (server.openConnections() > 0 && !fastStop && (timeout < 0 || System.nanoTime() - deadline < 0)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void requestStop(Stop how) {
        if (how == Stop.FAST) {
            fastStop = true;   // also ends a graceful quit under way, as TERM does in nginx
        }
        stop.complete(how);
    }

    void requestReload() {
        submit(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                ErrorLog.log(LogLevel.ALERT, "reload failed: " + e);
            }
        });
    }

    void requestReopen() {
        submit(() -> {
            // reopened first, so the line below is the new file's first
            LogReopeners.reopenAll();
            ErrorLog.log(LogLevel.NOTICE, "reopening logs");
        });
    }

    private void submit(Runnable action) {
        try {
            control.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the process is exiting: nothing left to reload or reopen
        }
    }

    /**
     * HUP: a new configuration is read and checked whole, its new error log opened and its new addresses
     * bound before anything changes; any failure is logged and the running configuration stays as it was.
     */
    private void reload() {
        if (stop.isDone()) {
            return;
        }
        ErrorLog.log(LogLevel.NOTICE, "reconfiguring");
        PierConfig next;
        try {
            next = Modules.load(cl.prefix(), cl.confFile(), cl.globals());
        } catch (ConfigException e) {
            LogLevel level = LogLevel.byName(e.level());
            ErrorLog.log(level == null ? LogLevel.EMERG : level, e.getMessage());
            return;
        }
        for (String w : next.warnings()) {
            ErrorLog.log(LogLevel.WARN, w);
        }
        if (!next.main().get(MainModule.WORKER_PROCESSES).equals(config.main().get(MainModule.WORKER_PROCESSES))) {
            // nginx starts new workers; Pier's event loops are made once, at start
            ErrorLog.log(LogLevel.WARN, "a new \"worker_processes\" value takes effect after a restart");
        }
        ErrorLog nextLog;
        try {
            nextLog = errorLogOf(next);   // every file opened now, so a bad path refuses the reload
        } catch (IOException e) {
            ErrorLog.log(LogLevel.EMERG, "open() \"" + errorLogFile(next) + "\" failed (" + Errno.describe(e) + ")");
            return;
        }
        try {
            server.reload(next);
        } catch (PierServer.BindException e) {
            ErrorLog.log(LogLevel.EMERG, e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ErrorLog.use(nextLog);
        movePidFile(pidFileOf(next));
        config = next;
    }

    /** A reload that names another pid file: nginx writes the new one and deletes the old. */
    private void movePidFile(Path next) {
        if (next.equals(pidFile)) {
            return;
        }
        try {
            PidFile.write(next, ownerPid);
            PidFile.remove(pidFile, ownerPid);
            pidFile = next;
        } catch (IOException e) {
            ErrorLog.log(LogLevel.EMERG, "open() \"" + next + "\" failed (" + Errno.describe(e) + ")");
        }
    }

    /** The process's error log: the {@code -e} file alone, else every main-level {@code error_log} line. */
    private ErrorLog errorLogOf(PierConfig c) throws IOException {
        if (cl.errorLog() == null) {
            return ErrorLog.of(c.main().get(MainModule.ERROR_LOGS), cl.prefix(), true);
        }
        return ErrorLog.ofFile(errorLogFile(c), c.main().get(MainModule.ERROR_LOG).level());
    }

    /** The error log file: -e, else the main error_log, relative to the prefix; null for stderr. */
    private Path errorLogFile(PierConfig c) {
        return Main.errorLogFile(cl, c);
    }

    private static Path pidFileOf(PierConfig c) {
        return Main.pidFile(c);
    }
}

package dev.pier.cli;

import dev.pier.Modules;
import dev.pier.Version;
import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import dev.pier.core.ErrorLog;
import dev.pier.core.ErrorLogSpec;
import dev.pier.core.LogLevel;
import dev.pier.core.MainModule;
import dev.pier.server.PierServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The {@code pier} command: nginx's options, then either a config test, a signal, or a server in the foreground. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        CommandLine cl;
        try {
            cl = CommandLine.parse(args, defaultPrefix());
        } catch (CommandLine.UsageException e) {
            // nginx prints the one line, without the usage
            err.println("pier: " + e.getMessage());
            return 1;
        }
        if (cl.help()) {
            version(err, false);
            usage(err);
            return 0;
        }
        if (cl.version()) {
            version(err, cl.versionAndConfigure());
            if (!cl.test() && cl.signal() == null) {
                return 0;
            }
        }
        PierConfig config;
        try {
            config = Modules.load(cl.prefix(), cl.confFile(), cl.globals());
        } catch (ConfigException e) {
            err.println("pier: [" + e.level() + "] " + e.getMessage());
            if (cl.test()) {
                err.println("pier: configuration file " + cl.confFile() + " test failed");
            }
            return 1;
        }
        if (cl.signal() != null) {
            return Signals.send(cl.signal(), pidFile(config), err);
        }
        if (cl.test()) {
            // -q hides the success lines only: nginx still prints warnings
            for (String w : config.warnings()) {
                err.println("pier: [warn] " + w);
            }
            if (!cl.quiet()) {
                err.println("pier: the configuration file " + cl.confFile() + " syntax is ok");
            }
            // as nginx -t, the error log must open (it is created if missing)
            Path logFile = errorLogFile(cl, config);
            if (logFile != null) {
                try {
                    java.nio.file.Files.newOutputStream(logFile, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND).close();
                } catch (IOException e) {
                    err.println("pier: [emerg] open() \"" + logFile + "\" failed (" + dev.pier.core.Errno.describe(e) + ")");
                    err.println("pier: configuration file " + cl.confFile() + " test failed");
                    return 1;
                }
            }
            if (!cl.quiet()) {
                err.println("pier: configuration file " + cl.confFile() + " test is successful");
            }
            if (cl.dump()) {
                ConfigDump.print(cl.confFile(), System.out);
            }
            return 0;
        }
        return serve(cl, config, err);
    }

    private static int serve(CommandLine cl, PierConfig config, PrintStream err) {
        for (String w : config.warnings()) {
            err.println("pier: [warn] " + w);
        }
        ErrorLogSpec log = config.main().get(MainModule.ERROR_LOG);
        Path logFile = errorLogFile(cl, config);
        try {
            if (cl.errorLog() == null) {
                ErrorLog.install(config.main().get(MainModule.ERROR_LOGS), cl.prefix());   // every main-level error_log
            } else {
                ErrorLog.install(logFile, log.level());
            }
        } catch (IOException e) {
            err.println("pier: [emerg] open() \"" + logFile + "\" failed (" + dev.pier.core.Errno.describe(e) + ")");
            return 1;
        }
        PierServer server = new PierServer(config);
        try {
            server.start();
        } catch (PierServer.BindException e) {
            err.println("pier: [emerg] " + e.getMessage());
            ErrorLog.log(LogLevel.EMERG, e.getMessage());
            ErrorLog.get().flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        Path pid = pidFile(config);
        try {
            PidFile.write(pid);
        } catch (IOException e) {
            err.println("pier: [emerg] open() \"" + pid + "\" failed (" + e.getMessage() + ")");
            server.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Signals.install(cl, server, stopped);
        ErrorLog.log(LogLevel.NOTICE, Version.FULL + " started, listening on " + server.boundAddresses()
                + (server.usesEpoll() ? " (epoll)" : " (nio)"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        PidFile.remove(pid);
        ErrorLog.get().flush();
        return 0;
    }

    /** The error log file: -e, else the main error_log, relative to the prefix; null for stderr. */
    private static Path errorLogFile(CommandLine cl, PierConfig config) {
        if (cl.errorLog() != null) {
            return cl.errorLog().toString().equals("stderr") ? null : cl.errorLog();
        }
        String target = config.main().get(MainModule.ERROR_LOG).target();
        return target.equals("stderr") ? null : cl.prefix().resolve(target);
    }

    static Path pidFile(PierConfig config) {
        return config.prefix().resolve(config.main().get(MainModule.PID));
    }

    /** The install directory: the parent of the directory that holds the jar ({@code <prefix>/target/pier.jar}, {@code <prefix>/lib/pier.jar}). */
    private static Path defaultPrefix() {
        String env = System.getenv("PIER_PREFIX");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (Exception e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static void version(PrintStream err, boolean configure) {
        err.println("pier version: " + Version.FULL);
        if (configure) {
            // nginx names its TLS library here; Pier's is the JDK's (JSSE)
            err.println("built with Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                    + "), TLS by the JDK (SunJSSE)");
            err.println("TLS SNI support enabled");
            StringBuilder args = new StringBuilder("configure arguments: --prefix=" + defaultPrefix() + "/");
            for (String name : Modules.names()) {
                args.append(" --with-").append(moduleName(name));
            }
            err.println(args);
        }
    }

    /** {@code ConnectionLimitsModule} as nginx names modules: {@code http_connection_limits_module}. */
    static String moduleName(String name) {
        if (!name.endsWith("Module")) {
            return name + "_module";
        }
        StringBuilder sb = new StringBuilder("http");
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void usage(PrintStream err) {
        err.print("""
                Usage: pier [-?hvVtTq] [-s signal] [-p prefix]
                            [-e filename] [-c filename] [-g directives]

                Options:
                  -?,-h         : this help
                  -v            : show version and exit
                  -V            : show version and configure options then exit
                  -t            : test configuration and exit
                  -T            : test configuration, dump it and exit
                  -q            : suppress non-error messages during configuration testing
                  -s signal     : send signal to a master process: stop, quit, reopen, reload
                  -p prefix     : set prefix path (default: %s/)
                  -e filename   : set error log file (default: the error_log of the configuration)
                  -c filename   : set configuration file (default: conf/pier.conf under the prefix)
                  -g directives : set global directives out of configuration file

                """.formatted(defaultPrefix()));
    }
}

package dev.pier.cli;

import java.nio.file.Path;

/** nginx's command line: {@code -c file -p prefix -e file -g directives -t -T -q -v -V -s signal -h}. */
record CommandLine(Path prefix, Path confFile, Path errorLog, String globals, boolean test, boolean dump, boolean quiet,
                   boolean version, boolean versionAndConfigure, String signal, boolean help) {

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(String[] args, Path defaultPrefix) throws UsageException {
        Path prefix = null;
        Path conf = null;
        Path errorLog = null;
        String globals = null;
        boolean test = false;
        boolean dump = false;
        boolean quiet = false;
        boolean version = false;
        boolean configure = false;
        boolean help = false;
        String signal = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.length() < 2) {
                throw new UsageException("invalid option: \"" + a + "\"");
            }
            // nginx allows flags to be grouped ("-tq") and a value glued to its option ("-cfile")
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                switch (c) {
                    case 't' -> test = true;
                    case 'T' -> { test = true; dump = true; }
                    case 'q' -> quiet = true;
                    case 'v' -> version = true;
                    case 'V' -> { version = true; configure = true; }
                    case 'h', '?' -> help = true;
                    case 'c', 'p', 'e', 'g', 's' -> {
                        String value;
                        if (j + 1 < a.length()) {
                            value = a.substring(j + 1);
                        } else if (i + 1 < args.length) {
                            value = args[++i];
                        } else {
                            throw new UsageException("option \"-" + c + "\" requires " + switch (c) {
                                case 'c' -> "file name";
                                case 'p' -> "directory name";
                                case 'e' -> "file name";
                                case 'g' -> "parameter";
                                default -> "parameter";
                            });
                        }
                        switch (c) {
                            case 'c' -> conf = Path.of(value);
                            case 'p' -> prefix = Path.of(value);
                            case 'e' -> errorLog = Path.of(value);
                            case 'g' -> globals = value;
                            default -> {
                                if (!value.equals("stop") && !value.equals("quit") && !value.equals("reopen") && !value.equals("reload")) {
                                    throw new UsageException("invalid option: \"-s " + value + "\"");
                                }
                                signal = value;
                            }
                        }
                        j = a.length();
                    }
                    default -> throw new UsageException("invalid option: \"" + a.substring(j) + "\"");
                }
            }
        }
        if (prefix == null) {
            prefix = defaultPrefix;
        }
        prefix = prefix.toAbsolutePath().normalize();
        if (conf == null) {
            conf = prefix.resolve("conf/pier.conf");
        } else if (!conf.isAbsolute()) {
            conf = prefix.resolve(conf);
        }
        if (errorLog != null && !errorLog.isAbsolute() && !errorLog.toString().equals("stderr")) {
            errorLog = prefix.resolve(errorLog);
        }
        return new CommandLine(prefix, conf.normalize(), errorLog, globals, test, dump, quiet, version, configure, signal, help);
    }
}

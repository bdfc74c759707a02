package dev.pier.log;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A {@code syslog:server=addr[:port][,facility=f][,severity=s][,tag=t][,nohostname]} target: RFC 3164
 * messages over UDP as nginx's ngx_syslog writes them, {@code <PRI>Nov 23 10:00:00 hostname tag: message}
 * (no newline). Sends happen on a log writer thread, never on an event loop.
 */
public final class Syslog {
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "intern", "lpr", "news",
            "uucp", "clock", "authpriv", "ftp", "ntp", "audit", "alert", "cron", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7");
    private static final List<String> SEVERITIES = List.of("emerg", "alert", "crit", "error", "warn", "notice", "info", "debug");
    /** nginx's "%s %2d %02d:%02d:%02d": the day padded with a space, as RFC 3164 wants. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final String HOSTNAME = hostname();

    private final InetSocketAddress server;
    private final int facility;
    private final int severity;
    private final String tag;
    private final boolean noHostname;
    private DatagramChannel channel;

    private Syslog(InetSocketAddress server, int facility, int severity, String tag, boolean noHostname) {
        this.server = server;
        this.facility = facility;
        this.severity = severity;
        this.tag = tag;
        this.noHostname = noHostname;
    }

    public static boolean isSyslog(String target) { return target.startsWith("syslog:"); }

    /** Parses what follows "syslog:"; errors are {@link IllegalArgumentException}s in nginx's words. */
    public static Syslog parse(String target) {
        String spec = target.substring("syslog:".length());
        InetSocketAddress server = null;
        int facility = 23;   // local7
        int severity = 6;    // info
        String tag = "nginx";
        boolean noHostname = false;
        for (String p : spec.split(",", -1)) {
            if (p.startsWith("server=")) {
                server = address(p.substring(7));
            } else if (p.startsWith("facility=")) {
                facility = FACILITIES.indexOf(p.substring(9));
                if (facility < 0) {
                    throw new IllegalArgumentException("unknown syslog facility \"" + p.substring(9) + "\"");
                }
            } else if (p.startsWith("severity=")) {
                severity = SEVERITIES.indexOf(p.substring(9));
                if (severity < 0) {
                    throw new IllegalArgumentException("unknown syslog severity \"" + p.substring(9) + "\"");
                }
            } else if (p.startsWith("tag=")) {
                tag = p.substring(4);
                if (tag.length() > 32) {
                    throw new IllegalArgumentException("syslog tag length exceeds 32");
                }
                for (int i = 0; i < tag.length(); i++) {
                    char c = tag.charAt(i);
                    if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                        throw new IllegalArgumentException("syslog \"tag\" only allows alphanumeric characters and underscore");
                    }
                }
            } else if (p.equals("nohostname")) {
                noHostname = true;
            } else {
                throw new IllegalArgumentException("unknown syslog parameter \"" + p + "\"");
            }
        }
        if (server == null) {
            throw new IllegalArgumentException("no syslog server specified");
        }
        return new Syslog(server, facility, severity, tag, noHostname);
    }

    private static InetSocketAddress address(String text) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            host = close < 0 ? text : text.substring(1, close);
            port = close >= 0 && close + 1 < text.length() && text.charAt(close + 1) == ':' ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        int p = 514;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("invalid port in syslog server \"" + text + "\"");
            }
        }
        InetSocketAddress a = new InetSocketAddress(host, p);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("host not found in syslog server \"" + text + "\"");
        }
        return a;
    }

    /** The configured severity (access logs); error logs send each line with its own level's. */
    public int severity() { return severity; }

    /** Sends {@code message} (its trailing newline dropped) with {@code lineSeverity}; blocking, so only from a writer thread. */
    public void send(byte[] message, int lineSeverity) throws IOException {
        int len = message.length > 0 && message[message.length - 1] == '\n' ? message.length - 1 : message.length;
        String header = "<" + (facility * 8 + lineSeverity) + ">" + TIME.format(LocalDateTime.now())
                + (noHostname ? " " : " " + HOSTNAME + " ") + tag + ": ";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer datagram = ByteBuffer.allocate(h.length + len).put(h).put(message, 0, len).flip();
        if (channel == null) {
            channel = DatagramChannel.open();
        }
        channel.send(datagram, server);
    }

    private static String hostname() {
        try {
            // gethostname(2), as nginx: the kernel's name, not a DNS answer
            String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: ask the resolver
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The access-log side: every line at the configured severity. */
    LogSink sink() {
        return (path, line) -> send(line, severity);
    }
}

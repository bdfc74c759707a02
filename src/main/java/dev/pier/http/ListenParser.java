package dev.pier.http;

import dev.pier.config.ConfigValues;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpConfigBuilder.ServerBlock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses {@code listen address[:port] [default_server] [reuseport] [backlog=N] [ssl] [http2] [proxy_protocol] ...}. */
final class ListenParser {
    /** nginx listens on *:80 when a server has no listen (8000 when not started as root); Pier uses 80 as well. */
    private static final int DEFAULT_PORT = 80;

    private ListenParser() { }

    static Listen defaultListen() {
        return new Listen(new InetSocketAddress(HttpConfig.ANY_V4, DEFAULT_PORT), false, false, -1, false, false, false);
    }

    static void apply(ConfigDirective d, LoadContext ctx) {
        InetSocketAddress address = address(d.arg(0), d, ctx);
        boolean defaultServer = false;
        boolean reusePort = false;
        boolean ssl = false;
        boolean http2 = false;
        boolean proxyProtocol = false;
        int backlog = -1;
        for (int i = 1; i < d.argCount(); i++) {
            String p = d.arg(i);
            switch (p) {
                case "default_server", "default" -> defaultServer = true;
                case "reuseport" -> reusePort = true;
                case "ssl" -> ssl = true;
                case "http2" -> http2 = true;
                case "proxy_protocol" -> proxyProtocol = true;
                case "deferred", "bind", "quic" -> { }
                default -> {
                    if (p.startsWith("backlog=")) {
                        long n = ConfigValues.number(p.substring(8));
                        if (n <= 0 || n > Integer.MAX_VALUE) {
                            throw ctx.error("invalid backlog \"" + p + "\"", d);
                        }
                        backlog = (int) n;
                    } else if (p.startsWith("rcvbuf=") || p.startsWith("sndbuf=") || p.startsWith("ipv6only=")
                            || p.startsWith("so_keepalive=") || p.startsWith("fastopen=") || p.startsWith("accept_filter=")
                            || p.startsWith("setfib=")) {
                        // socket tuning that the JVM either applies by default or cannot set; accepted as nginx does
                    } else {
                        throw ctx.error("invalid parameter \"" + p + "\"", d);
                    }
                }
            }
        }
        ServerBlock server = ctx.enclosing(ServerBlock.class);
        Listen listen = new Listen(address, defaultServer, reusePort, backlog, ssl, http2, proxyProtocol);
        for (Listen l : server.listens) {
            if (l.address().equals(address)) {
                throw ctx.error("a duplicate listen " + listen.display(), d);
            }
        }
        server.listens.add(listen);
        server.listenDirectives.add(d);
    }

    /** {@code 8080}, {@code *:8080}, {@code 127.0.0.1}, {@code 127.0.0.1:8080}, {@code [::]:80}, {@code localhost:80}. */
    private static InetSocketAddress address(String spec, ConfigDirective d, LoadContext ctx) {
        if (spec.startsWith("unix:")) {
            throw ctx.error("unix domain sockets are not supported yet in \"" + spec + "\" of the \"listen\" directive", d);
        }
        String host;
        String port;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0) {
                throw ctx.error("invalid host in \"" + spec + "\" of the \"listen\" directive", d);
            }
            host = spec.substring(1, close);
            port = close + 1 < spec.length() && spec.charAt(close + 1) == ':' ? spec.substring(close + 2) : null;
            if (close + 1 < spec.length() && spec.charAt(close + 1) != ':') {
                throw ctx.error("invalid host in \"" + spec + "\" of the \"listen\" directive", d);
            }
        } else {
            int colon = spec.lastIndexOf(':');
            if (colon >= 0) {
                host = spec.substring(0, colon);
                port = spec.substring(colon + 1);
            } else if (ConfigValues.number(spec) >= 0) {
                host = "*";
                port = spec;
            } else {
                host = spec;
                port = null;
            }
        }
        int portNumber = DEFAULT_PORT;
        if (port != null) {
            long n = ConfigValues.number(port);
            if (n < 1 || n > 65535) {
                // Pier's own addition: port 0 asks the kernel for a free port (used by tests)
                if (n != 0) {
                    throw ctx.error("invalid port in \"" + spec + "\" of the \"listen\" directive", d);
                }
            }
            portNumber = (int) n;
        }
        InetAddress addr;
        if (host.equals("*") || host.isEmpty()) {
            addr = HttpConfig.ANY_V4;
        } else {
            try {
                // a name is resolved at load, as nginx does; loading never runs on an event loop
                addr = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw ctx.error("host not found in \"" + spec + "\" of the \"listen\" directive", d);
            }
        }
        return new InetSocketAddress(addr, portNumber);
    }
}

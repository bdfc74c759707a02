package dev.pier.variables;

import io.netty.util.NetUtil;
import dev.pier.Version;
import dev.pier.content.file.FilePaths;
import dev.pier.http.HttpExchange;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import dev.pier.config.ConfigLoader;
import dev.pier.config.syntax.ConfigException;
import dev.pier.config.syntax.ConfigSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in variables, looked up by name once when a template compiles. Prefix families
 * ({@code $http_*}, {@code $arg_*}, {@code $cookie_*}) and regex captures ({@code $1}, named groups)
 * resolve to small closures over their parsed name.
 */
public final class Variables {
    private static final Map<String, Variable> BUILT_IN = new HashMap<>();
    /** Modules' variable families by lowercase prefix ({@code upstream_http_}): the rest of the name picks the member. */
    private static final Map<String, java.util.function.Function<String, Variable>> FAMILIES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<([a-zA-Z][a-zA-Z0-9_]*)>");
    /** The configuration being loaded on this thread (loading is single-threaded), or null outside a load. */
    private static final ThreadLocal<LoadScope> LOAD = new ThreadLocal<>();
    private static final String HOSTNAME = hostname();

    static {
        add("host", HttpExchange::host);
        add("uri", HttpExchange::uri);
        add("document_uri", HttpExchange::uri);
        add("request_uri", ex -> ex.lineRefused() ? null : ex.requestUri());
        add("args", HttpExchange::args);
        add("query_string", HttpExchange::args);
        add("is_args", ex -> ex.args() != null && !ex.args().isEmpty() ? "?" : "");      // "/x?" has no args
        add("request_method", HttpExchange::methodName);
        add("request", HttpExchange::requestLine);
        add("scheme", ex -> ex.connection().scheme());
        add("https", ex -> ex.connection().scheme().equals("https") ? "on" : "");
        add("server_protocol", ex -> ex.request().protocolVersion().text());
        // "h2" over TLS, "h2c" in clear text, empty for HTTP/1.x (nginx's ngx_http_variable_http2)
        add("http2", ex -> ex.request().protocolVersion().majorVersion() != 2 ? "" : ex.connection().scheme().equals("https") ? "h2" : "h2c");
        add("remote_addr", HttpExchange::remoteAddressText);
        // a port realip took from a header without one is 0: nginx prints nothing then
        add("remote_port", ex -> ex.remoteAddress().getPort() == 0 ? "" : Integer.toString(ex.remoteAddress().getPort()));
        add("binary_remote_addr", ex -> new String(ex.remoteAddress().getAddress().getAddress(),
                java.nio.charset.StandardCharsets.ISO_8859_1));
        add("server_addr", ex -> NetUtil.toAddressString(ex.connection().localAddress().getAddress()));
        add("server_port", ex -> Integer.toString(port(ex.connection().localAddress())));
        add("server_name", ex -> ex.server().primaryName());
        add("hostname", ex -> HOSTNAME);
        add("nginx_version", ex -> Version.NUMBER);
        add("pier_version", ex -> Version.NUMBER);
        add("connection", ex -> Long.toString(ex.connection().id()));
        add("connection_requests", ex -> Long.toString(ex.connection().requests()));
        add("content_length", Variables::contentLength);
        add("content_type", ex -> ex.request().headers().get("Content-Type"));
        add("document_root", FilePaths::documentRoot);
        add("request_filename", FilePaths::requestFilename);
        add("status", ex -> ex.status() == 0 ? "000" : Integer.toString(ex.status()));
        add("bytes_sent", ex -> Long.toString(ex.bytesSent()));
        add("body_bytes_sent", ex -> Long.toString(ex.bodyBytesSent()));
        add("request_length", ex -> Long.toString(ex.requestLength()));
        add("request_time", ex -> LogTime.secondsWithMillis((System.nanoTime() - ex.startNanos()) / 1_000_000));
        add("msec", ex -> LogTime.secondsWithMillis(System.currentTimeMillis()));
        add("time_local", ex -> LogTime.local());
        add("time_iso8601", ex -> LogTime.iso8601());
        add("request_id", HttpExchange::requestId);
        add("pid", ex -> Pid.TEXT);
        add("pipe", ex -> ex.isPipelined() ? "p" : ".");
        add("remote_user", ex -> BasicAuth.user(ex.request().headers().get("Authorization")));
        add("realpath_root", Variables::realpathRoot);
    }

    /**
     * {@code $content_length}: the header; for a chunked body, once all of it was read, the bytes read (0 when
     * it was discarded), as nginx sets content_length_n after the body.
     */
    private static String contentLength(HttpExchange ex) {
        String h = ex.request().headers().get("Content-Length");
        if (h != null || !ex.bodyCompleted() || !io.netty.handler.codec.http.HttpUtil.isTransferEncodingChunked(ex.request())) {
            return h;
        }
        return Long.toString(ex.bodyBytesRead());
    }

    private static final class Pid {
        static final String TEXT = Long.toString(ProcessHandle.current().pid());
    }

    /** {@code $realpath_root}: the document root with symbolic links resolved, as realpath(3); not found if it fails. */
    private static String realpathRoot(HttpExchange ex) {
        String root = FilePaths.documentRoot(ex);
        try {
            return java.nio.file.Path.of(root).toRealPath().toString();
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /**
     * {@code $sent_http_name}: the response header as written. Connection and Keep-Alive follow nginx's
     * r->keepalive, which a request kept alive has cleared by its log phase: "close" and not found there.
     */
    private static Variable sentHeader(String header) {
        if (header.equals("connection")) {
            return ex -> ex.keepAlive() ? "keep-alive" : "close";
        }
        boolean keepAlive = header.equals("keep-alive");
        return ex -> {
            var head = ex.sentHead();
            if (head == null || keepAlive && !ex.keepAlive()) {
                return null;
            }
            return head.headers().get(header);
        };
    }

    private Variables() { }

    private static void add(String name, Variable v) { BUILT_IN.put(name, v); }

    /**
     * Adds a module's own built-in variable ({@code $upstream_addr}, {@code $realip_remote_addr}); called from the
     * module's class initialization, before any configuration loads.
     */
    public static synchronized void builtIn(String name, Variable v) {
        if (BUILT_IN.putIfAbsent(name, v) != null) {
            throw new IllegalStateException("variable $" + name + " is defined twice");
        }
    }

    /**
     * The variables of one configuration load. A name a template uses that is neither built in nor defined
     * yet gets a {@link UserVariable} at once; {@link #finishLoad} then binds it to a built-in family
     * ({@code $http_x}, a named capture) or refuses the configuration, as nginx resolves variables only after
     * the whole file is read.
     */
    private static final class LoadScope {
        final Set<String> captures = new HashSet<>();
        final Map<String, UserVariable> user = new LinkedHashMap<>();
        final Map<String, ConfigSource> firstUse = new HashMap<>();
    }

    /** Makes the named groups of a configured regex usable as variables in the configuration being loaded. */
    public static void declareCaptures(String regex) {
        LoadScope scope = LOAD.get();
        if (scope == null) {
            return;
        }
        Matcher m = NAMED_GROUP.matcher(regex);
        while (m.find()) {
            scope.captures.add(m.group(1));
        }
    }

    /** Starts the variable scope of a new configuration load on this thread. */
    public static void startLoad() { LOAD.set(new LoadScope()); }

    /** Ends the load's scope: every name used must be defined or belong to a family, else nginx's error. */
    public static void finishLoad() {
        LoadScope scope = LOAD.get();
        LOAD.remove();
        if (scope == null) {
            return;
        }
        for (UserVariable v : scope.user.values()) {
            if (v.isDefined()) {
                continue;
            }
            Variable family = family(v.name(), scope.captures);
            if (family == null) {
                // nginx names no line here; Pier names the first use
                ConfigSource at = scope.firstUse.get(v.name());
                throw new ConfigException("unknown \"" + v.name() + "\" variable", at);
            }
            v.delegateTo(family);
        }
    }

    /** Abandons the scope of a load that failed. */
    public static void abandonLoad() { LOAD.remove(); }

    /**
     * Defines {@code name} as a configuration variable ({@code set}); returns its variable, the same one
     * templates naming it get, wherever they stand in the file.
     */
    public static UserVariable define(String name) {
        UserVariable v = user(scope(), name);
        v.markDefined();
        return v;
    }

    /** Defines {@code name} as computed on first read ({@code map}, {@code geo}, {@code split_clients}). */
    public static UserVariable defineComputed(String name, Variable computation, boolean cacheable) {
        UserVariable v = user(scope(), name);
        v.compute(computation, cacheable);
        return v;
    }

    /** True if {@code name} is a built-in variable (not a family member): {@code set} may not redefine most. */
    public static boolean isBuiltIn(String name) { return BUILT_IN.containsKey(name); }

    private static LoadScope scope() {
        LoadScope scope = LOAD.get();
        if (scope == null) {
            throw new IllegalStateException("variables are defined only while a configuration loads");
        }
        return scope;
    }

    private static UserVariable user(LoadScope scope, String name) {
        return scope.user.computeIfAbsent(name, n -> new UserVariable(n, scope.user.size()));
    }

    /**
     * The variable for a name. Inside a load, a name not built in is a {@link UserVariable} checked when the
     * load finishes; outside one (constants compiled by the code itself), null if there is none.
     */
    public static Variable find(String name) {
        Variable v = BUILT_IN.get(name);
        if (v != null) {
            return v;
        }
        if (name.length() == 1 && Character.isDigit(name.charAt(0))) {
            int group = name.charAt(0) - '0';
            return ex -> capture(ex.captures(), group);
        }
        LoadScope scope = LOAD.get();
        if (scope == null) {
            return family(name, Set.of());
        }
        UserVariable u = user(scope, name);
        scope.firstUse.putIfAbsent(name, ConfigLoader.currentSource());
        return u;
    }

    /**
     * Adds a module's variable family: a name {@code prefix + rest} is {@code members.apply(rest)} (rest as written),
     * as {@code $upstream_http_x_y}. Called from the module's class initialization.
     */
    public static void builtInFamily(String prefix, java.util.function.Function<String, Variable> members) {
        if (FAMILIES.putIfAbsent(prefix, members) != null) {
            throw new IllegalStateException("variable family $" + prefix + " is defined twice");
        }
    }

    /** A member of a built-in family ($http_, $arg_, $cookie_, a module's, a named capture), or null. */
    private static Variable family(String name, Set<String> captures) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (var e : FAMILIES.entrySet()) {
            // the longest family prefix wins over http_ etc. only by being tried first: module prefixes never start so
            if (lower.startsWith(e.getKey())) {
                return e.getValue().apply(name.substring(e.getKey().length()));
            }
        }
        if (lower.startsWith("http_")) {
            String header = lower.substring(5).replace('_', '-');
            // nginx 1.22 joins repeated lines only for Cookie and X-Forwarded-For; any other header gives its first
            if (header.equals("cookie") || header.equals("x-forwarded-for")) {
                String separator = header.equals("cookie") ? "; " : ", ";
                return ex -> joined(ex.request().headers(), header, separator);
            }
            return ex -> ex.request().headers().get(header);
        }
        if (lower.startsWith("sent_http_")) {
            return sentHeader(lower.substring(10).replace('_', '-'));
        }
        if (lower.startsWith("arg_")) {
            String arg = name.substring(4);
            return ex -> argument(ex.args(), arg);
        }
        if (lower.startsWith("cookie_")) {
            String cookie = name.substring(7);
            return ex -> cookie(ex.request().headers().getAll("Cookie"), cookie);
        }
        if (captures.contains(name)) {
            return ex -> namedCapture(ex.captures(), name);
        }
        return null;
    }

    private static int port(InetSocketAddress a) { return a.getPort(); }

    private static String capture(MatchResult m, int group) {
        if (m == null || group > m.groupCount()) {
            return null;
        }
        return m.group(group);
    }

    private static String namedCapture(MatchResult m, String name) {
        if (m == null) {
            return null;
        }
        try {
            return m.group(dev.pier.http.Pcre.javaGroupName(name));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String joined(HttpHeaders headers, String name, String separator) {
        var all = headers.getAll(name);
        if (all.isEmpty()) {
            return null;
        }
        return all.size() == 1 ? all.get(0) : String.join(separator, all);
    }

    /** {@code $arg_name}: the raw value of the first {@code name=} in the query string (case-insensitive name, as nginx). */
    static String argument(String args, String name) {
        if (args == null) {
            return null;
        }
        int i = 0;
        while (i <= args.length()) {
            int amp = args.indexOf('&', i);
            if (amp < 0) {
                amp = args.length();
            }
            int eq = args.indexOf('=', i);
            if (eq > i && eq < amp && eq - i == name.length() && args.regionMatches(true, i, name, 0, name.length())) {
                return args.substring(eq + 1, amp);
            }
            i = amp + 1;
        }
        return null;
    }

    /**
     * {@code $cookie_name}, as nginx 1.22's ngx_http_parse_multi_header_lines: the first "name=" (name case-
     * insensitive, spaces allowed around '=') at the start of an item of any Cookie line; the value runs to the
     * next ';' with its trailing spaces. Items are separated by ';' or ','.
     */
    static String cookie(java.util.List<String> headers, String name) {
        for (String h : headers) {
            int i = 0;
            int end = h.length();
            while (i < end) {
                if (h.regionMatches(true, i, name, 0, name.length())) {
                    int p = i + name.length();
                    while (p < end && h.charAt(p) == ' ') {
                        p++;
                    }
                    if (p < end && h.charAt(p) == '=') {
                        p++;
                        while (p < end && h.charAt(p) == ' ') {
                            p++;
                        }
                        int v = p;
                        while (p < end && h.charAt(p) != ';') {
                            p++;
                        }
                        return h.substring(v, p);
                    }
                }
                while (i < end) {
                    char c = h.charAt(i++);
                    if (c == ';' || c == ',') {
                        break;
                    }
                }
                while (i < end && h.charAt(i) == ' ') {
                    i++;
                }
            }
        }
        return null;
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}

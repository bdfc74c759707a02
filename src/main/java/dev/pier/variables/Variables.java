package dev.pier.variables;

import io.netty.util.NetUtil;
import dev.pier.Version;
import dev.pier.content.file.FilePaths;
import dev.pier.http.HttpExchange;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.HashMap;
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
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<([a-zA-Z][a-zA-Z0-9_]*)>");
    /** Named capture groups seen so far in the configuration being loaded (loading is single-threaded). */
    private static final ThreadLocal<Set<String>> DECLARED_CAPTURES = ThreadLocal.withInitial(HashSet::new);
    private static final String HOSTNAME = hostname();

    static {
        add("host", HttpExchange::host);
        add("uri", HttpExchange::uri);
        add("document_uri", HttpExchange::uri);
        add("request_uri", HttpExchange::requestUri);
        add("args", HttpExchange::args);
        add("query_string", HttpExchange::args);
        add("is_args", ex -> ex.args() != null && !ex.args().isEmpty() ? "?" : "");      // "/x?" has no args
        add("request_method", ex -> ex.request().method().name());
        add("request", HttpExchange::requestLine);
        add("scheme", ex -> ex.connection().scheme());
        add("https", ex -> ex.connection().scheme().equals("https") ? "on" : "");
        add("server_protocol", ex -> ex.request().protocolVersion().text());
        add("remote_addr", ex -> NetUtil.toAddressString(ex.connection().remoteAddress().getAddress()));
        add("remote_port", ex -> Integer.toString(ex.connection().remoteAddress().getPort()));
        add("binary_remote_addr", ex -> new String(ex.connection().remoteAddress().getAddress().getAddress(),
                java.nio.charset.StandardCharsets.ISO_8859_1));
        add("server_addr", ex -> NetUtil.toAddressString(ex.connection().localAddress().getAddress()));
        add("server_port", ex -> Integer.toString(port(ex.connection().localAddress())));
        add("server_name", ex -> ex.server().primaryName());
        add("hostname", ex -> HOSTNAME);
        add("nginx_version", ex -> Version.NUMBER);
        add("pier_version", ex -> Version.NUMBER);
        add("connection", ex -> Long.toString(ex.connection().id()));
        add("connection_requests", ex -> Long.toString(ex.connection().requests()));
        add("content_length", ex -> ex.request().headers().get("Content-Length"));
        add("content_type", ex -> ex.request().headers().get("Content-Type"));
        add("document_root", FilePaths::documentRoot);
        add("request_filename", FilePaths::requestFilename);
        add("status", ex -> ex.status() == 0 ? "000" : Integer.toString(ex.status()));
    }

    private Variables() { }

    private static void add(String name, Variable v) { BUILT_IN.put(name, v); }

    /** Makes the named groups of a configured regex usable as variables in the configuration being loaded. */
    public static void declareCaptures(String regex) {
        Matcher m = NAMED_GROUP.matcher(regex);
        while (m.find()) {
            DECLARED_CAPTURES.get().add(m.group(1));
        }
    }

    /** Forgets the capture names of the previous load. */
    public static void startLoad() { DECLARED_CAPTURES.get().clear(); }

    /** The variable for a name, or null if there is none. */
    public static Variable find(String name) {
        Variable v = BUILT_IN.get(name);
        if (v != null) {
            return v;
        }
        if (name.length() == 1 && Character.isDigit(name.charAt(0))) {
            int group = name.charAt(0) - '0';
            return ex -> capture(ex.captures(), group);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http_")) {
            String header = lower.substring(5).replace('_', '-');
            // nginx 1.22 joins repeated lines only for Cookie and X-Forwarded-For; any other header gives its first
            if (header.equals("cookie") || header.equals("x-forwarded-for")) {
                String separator = header.equals("cookie") ? "; " : ", ";
                return ex -> joined(ex.request().headers(), header, separator);
            }
            return ex -> ex.request().headers().get(header);
        }
        if (lower.startsWith("arg_")) {
            String arg = name.substring(4);
            return ex -> argument(ex.args(), arg);
        }
        if (lower.startsWith("cookie_")) {
            String cookie = name.substring(7);
            return ex -> cookie(ex.request().headers().getAll("Cookie"), cookie);
        }
        if (DECLARED_CAPTURES.get().contains(name)) {
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
            return m.group(name);
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

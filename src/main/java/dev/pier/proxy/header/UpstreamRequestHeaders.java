package dev.pier.proxy.header;

import dev.pier.config.Settings;
import dev.pier.http.HttpExchange;
import dev.pier.variables.Variable;
import dev.pier.variables.Variables;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The header lines of a location's upstream requests, compiled once from its merged settings (nginx's
 * ngx_http_proxy_init_headers): the location's {@code proxy_set_header} lines in order, then those of nginx's
 * defaults it does not name ({@code Host: $proxy_host}, {@code Connection: close}, and empty {@code TE},
 * {@code Keep-Alive}, {@code Expect}, {@code Upgrade}), then — with {@code proxy_pass_request_headers on} —
 * the client's own lines in the order received, except those the list names (in any case) and those the
 * client's Connection header names.
 *
 * <p>A line whose value is empty when configured, or renders empty, is not sent, but its name still keeps the
 * client's line of that name out. nginx's two framing defaults, {@code Content-Length: $proxy_internal_body_length}
 * and {@code Transfer-Encoding: $proxy_internal_chunked}, are the proxy handler's to write: {@link #write} never
 * sends the client's Content-Length or Transfer-Encoding, and sends these two only when proxy_set_header
 * configures them ({@link #configures}).
 */
public final class UpstreamRequestHeaders {
    /** nginx's ngx_http_proxy_headers, Host aside (its value is the proxy handler's variable). */
    private static final String[][] DEFAULTS = {
        {"Host", null}, {"Connection", "close"}, {"Content-Length", ""}, {"Transfer-Encoding", ""},
        {"TE", ""}, {"Keep-Alive", ""}, {"Expect", ""}, {"Upgrade", ""},
    };

    /** Mark the default lines where the proxy's framing headers go (nginx's $proxy_internal_body_length / _chunked). */
    private static final Variable LENGTH_SLOT = ex -> null;
    private static final Variable CHUNKED_SLOT = ex -> null;

    private final String[] names;
    private final Variable[] values;
    /** Every name of the merged list: the client's lines of these names are never passed. */
    private final Set<String> listed;
    /** The names proxy_set_header itself sets. */
    private final Set<String> configured;
    private final boolean passRequestHeaders;

    private UpstreamRequestHeaders(List<String> names, List<Variable> values, Set<String> listed, Set<String> configured,
                                   boolean passRequestHeaders) {
        this.names = names.toArray(new String[0]);
        this.values = values.toArray(new Variable[0]);
        this.listed = listed;
        this.configured = configured;
        this.passRequestHeaders = passRequestHeaders;
    }

    /**
     * Compiles a location's rules; call once per location at load (in the proxy handler's {@code install}).
     * {@code $proxy_host} must be registered by then (it is the default Host).
     */
    public static UpstreamRequestHeaders of(Settings settings) {
        if (!Variables.isBuiltIn("proxy_host")) {
            throw new IllegalStateException("$proxy_host is not registered: the proxy handler adds it");
        }
        return of(settings, Variables.find("proxy_host"));
    }

    /** {@link #of(Settings)} with the default Host's value given ({@code $proxy_host} in production). */
    static UpstreamRequestHeaders of(Settings settings, Variable proxyHost) {
        List<SetHeader> set = settings.get(ProxyHeadersModule.SET_HEADERS);
        List<String> names = new ArrayList<>();
        List<Variable> values = new ArrayList<>();
        Set<String> listed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Set<String> configured = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (set != null) {
            for (SetHeader h : set) {
                listed.add(h.name());
                configured.add(h.name());
                if (h.value().isConstant() && h.value().source().isEmpty()) {
                    continue;   // nginx compiles no code for an empty value: the name only hides the client's line
                }
                names.add(h.name());
                values.add(h.value()::render);
            }
        }
        for (String[] d : DEFAULTS) {
            if (!listed.add(d[0])) {
                continue;
            }
            if (d[1] == null) {
                names.add(d[0]);
                values.add(proxyHost);
            } else if (d[0].equals("Content-Length")) {
                names.add(d[0]);
                values.add(LENGTH_SLOT);
            } else if (d[0].equals("Transfer-Encoding")) {
                names.add(d[0]);
                values.add(CHUNKED_SLOT);
            } else if (!d[1].isEmpty()) {
                String constant = d[1];
                names.add(d[0]);
                values.add(ex -> constant);
            }
        }
        return new UpstreamRequestHeaders(names, values, listed, configured, settings.get(ProxyHeadersModule.PASS_REQUEST_HEADERS));
    }

    /** True if {@code proxy_set_header} names {@code header} (case-insensitive): its line then comes from {@link #write}. */
    public boolean configures(String header) { return configured.contains(header); }

    /** Adds the upstream request's header lines to {@code out}, in nginx's order (see the class comment), without framing. */
    public void write(HttpExchange ex, HttpHeaders out) {
        write(ex, out, -1, false);
    }

    /**
     * Adds the upstream request's header lines to {@code out} in nginx's order, with the body's framing where
     * nginx's defaults put it (after Connection): {@code Content-Length: contentLength} (when not chunked and
     * &ge; 0) and {@code Transfer-Encoding: chunked}, each unless proxy_set_header configures that name.
     */
    public void write(HttpExchange ex, HttpHeaders out, long contentLength, boolean chunked) {
        for (int i = 0; i < names.length; i++) {
            if (values[i] == LENGTH_SLOT) {
                if (!chunked && contentLength >= 0) {
                    out.add(names[i], Long.toString(contentLength));
                }
                continue;
            }
            if (values[i] == CHUNKED_SLOT) {
                if (chunked) {
                    out.add(names[i], "chunked");
                }
                continue;
            }
            String v = values[i].value(ex);
            if (v != null && !v.isEmpty()) {
                out.add(names[i], v);
            }
        }
        if (!passRequestHeaders) {
            return;
        }
        HttpHeaders in = ex.request().headers();
        Set<String> hopByHop = ConnectionOptions.of(in);
        for (Iterator<Map.Entry<String, String>> it = in.iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> h = it.next();
            if (listed.contains(h.getKey()) || hopByHop != null && hopByHop.contains(h.getKey())) {
                continue;
            }
            out.add(h.getKey(), h.getValue());
        }
    }
}

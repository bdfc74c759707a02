package dev.pier.http;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.IF_IN_SERVER;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.Context;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.PierModule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Directives of real nginx configurations (Debian's nginx.conf, its snippets, common sites) that Pier has
 * planned but not implemented yet. Each is accepted where nginx accepts it, with nginx's arity, and answered
 * with a warning naming it and where it stands, so an existing nginx.conf loads and the operator sees what is
 * not in effect: {@code [warn] "gzip" is not supported yet and is ignored in /etc/nginx/nginx.conf:44}.
 * A block directive ({@code upstream}, {@code map}) is ignored with everything inside it.
 *
 * <p>This module is registered last and skips every name another module already registered, so implementing
 * a directive elsewhere takes it off this list without touching this file; deleting its row is the clean-up.
 */
public final class PendingDirectivesModule implements PierModule {
    private static final int MANY = DirectiveSpec.MANY;
    private static final Set<Context> HSL = EnumSet.of(HTTP, SERVER, LOCATION);
    private static final Set<Context> HS = EnumSet.of(HTTP, SERVER);
    private static final Set<Context> H = EnumSet.of(HTTP);
    private static final Set<Context> SL = EnumSet.of(SERVER, LOCATION);
    private static final Set<Context> HSLI = EnumSet.of(HTTP, SERVER, LOCATION, IF_IN_LOCATION);

    /** One pending directive: where nginx allows it, its arity, whether it opens a block, and what it waits for. */
    record Pending(String name, Set<Context> contexts, int min, int max, boolean block, String feature) { }

    private static final List<Pending> PENDING = table();

    private static List<Pending> table() {
        List<Pending> t = new ArrayList<>();
        String gzip = "gzip output filter";
        add(t, gzip, HSLI, 1, 1, "gzip");
        add(t, gzip, HSL, 1, 1, "gzip_vary", "gzip_comp_level", "gzip_http_version", "gzip_min_length", "gzip_static");
        add(t, gzip, HSL, 1, MANY, "gzip_proxied", "gzip_types", "gzip_disable");
        add(t, gzip, HSL, 2, 2, "gzip_buffers");

        add(t, "OpenSSL configuration commands", HS, 2, 2, "ssl_conf_command");

        add(t, "proxy cache", H, 2, MANY, "proxy_cache_path");
        add(t, "proxy cache", HSL, 1, 1, "proxy_cache", "proxy_cache_lock", "proxy_cache_min_uses", "proxy_cache_revalidate",
                "proxy_cache_background_update");
        add(t, "proxy cache", HSL, 1, MANY, "proxy_cache_valid", "proxy_cache_key", "proxy_cache_bypass", "proxy_no_cache",
                "proxy_cache_use_stale", "proxy_cache_methods");

        String fastcgi = "FastCGI";
        add(t, fastcgi, EnumSet.of(LOCATION, IF_IN_LOCATION), 1, 1, "fastcgi_pass");
        add(t, fastcgi, HSL, 2, 3, "fastcgi_param");
        add(t, fastcgi, HSL, 1, 1, "fastcgi_index", "fastcgi_split_path_info", "fastcgi_read_timeout", "fastcgi_buffering",
                "fastcgi_intercept_errors", "fastcgi_connect_timeout", "fastcgi_send_timeout", "fastcgi_buffer_size");
        add(t, fastcgi, HSL, 2, 2, "fastcgi_buffers");
        add(t, "SCGI", HSL, 2, 3, "scgi_param");
        add(t, "SCGI", EnumSet.of(LOCATION, IF_IN_LOCATION), 1, 1, "scgi_pass");
        add(t, "uwsgi", HSL, 2, 3, "uwsgi_param");
        add(t, "uwsgi", EnumSet.of(LOCATION, IF_IN_LOCATION), 1, 1, "uwsgi_pass");

        String files = "static files (try_files, autoindex, expires)";
        add(t, files, SL, 2, MANY, "try_files");
        add(t, files, HSL, 1, 1, "autoindex", "autoindex_exact_size", "autoindex_localtime", "autoindex_format");
        add(t, files, HSL, 1, 1, "open_file_cache_valid", "open_file_cache_min_uses", "open_file_cache_errors");
        add(t, files, HSL, 1, 2, "open_file_cache");
        add(t, "response trailers", HSLI, 2, 3, "add_trailer");
        add(t, "charset recoding", H, 2, 2, true, "charset_map");


        String limits = "rate and connection limits";
        add(t, limits, H, 2, MANY, "limit_req_zone", "limit_conn_zone");
        add(t, limits, HSL, 1, 3, "limit_req");
        add(t, limits, HSL, 2, 2, "limit_conn");
        add(t, limits, HSL, 1, 1, "limit_req_status", "limit_conn_status", "limit_req_log_level", "limit_conn_log_level",
                "limit_rate", "limit_rate_after");
        add(t, "stub_status", EnumSet.of(SERVER, LOCATION), 0, 1, "stub_status");
        add(t, "sub_filter", HSL, 2, 2, "sub_filter");
        add(t, "sub_filter", HSL, 1, 1, "sub_filter_once");
        add(t, "ssi", EnumSet.of(HTTP, SERVER, LOCATION, IF_IN_LOCATION), 1, 1, "ssi");
        return List.copyOf(t);
    }

    private static void add(List<Pending> t, String feature, Set<Context> where, int min, int max, String... names) {
        add(t, feature, where, min, max, false, names);
    }

    private static void add(List<Pending> t, String feature, Set<Context> where, int min, int max, boolean block, String... names) {
        for (String n : names) {
            t.add(new Pending(n, where, min, max, block, feature));
        }
    }

    /** The pending directives and the feature each waits for (for documentation and tests). */
    static List<Pending> pending() { return PENDING; }

    @Override public void directives(DirectiveRegistry r) {
        for (Pending p : PENDING) {
            if (r.find(p.name()) != null) {
                continue;
            }
            DirectiveSpec.Builder b = DirectiveSpec.named(p.name()).args(p.min(), p.max());
            Context[] where = p.contexts().toArray(new Context[0]);
            b.in(where[0], java.util.Arrays.copyOfRange(where, 1, where.length));
            if (p.block()) {
                b.block();
            }
            r.add(b.warns("\"" + p.name() + "\" is not supported yet and is ignored"));
        }
    }
}

package dev.pier.content.file;

import dev.pier.http.HttpCoreModule;
import dev.pier.core.LogLevel;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.http.location.Location;

/** Maps $uri to a file name with root or alias, as nginx's ngx_http_map_uri_to_path. */
public final class FilePaths {
    private FilePaths() { }

    private static DocumentRoot root(HttpExchange ex) {
        DocumentRoot r = ex.settings().get(StaticFileModule.ROOT);
        return r != null ? r : StaticFileModule.defaultRoot(ex.settings().get(HttpCoreModule.PREFIX));
    }

    /** {@code $document_root}. */
    public static String documentRoot(HttpExchange ex) {
        return root(ex).resolve(ex);
    }

    /** {@code $request_filename}: root + $uri, or alias + the part of $uri after the location prefix. */
    public static String requestFilename(HttpExchange ex) {
        return map(ex, ex.uri());
    }

    /**
     * The file name for {@code uri} in the current location; null (and nginx's alert) for an alias where a
     * rewrite's break changed the URI, which nginx answers 500.
     */
    public static String map(HttpExchange ex, String uri) {
        DocumentRoot root = root(ex);
        if (root.alias() && !ex.validLocation()) {
            Location at = ex.location();
            RequestLog.log(LogLevel.ALERT, ex, "\"alias\" cannot be used in location \"" + (at == null ? "" : at.pattern())
                    + "\" where URI was rewritten");
            return null;
        }
        String base = root.resolve(ex);
        if (!root.alias()) {
            return base + uri;
        }
        Location l = ex.location();
        if (l == null || l.kind() == Location.Kind.REGEX || l.kind() == Location.Kind.REGEX_CASELESS) {
            // alias in a regex location is the whole file name (captures put the URI parts in)
            return base;
        }
        String prefix = l.pattern();
        if (uri.startsWith(prefix)) {
            return base + uri.substring(prefix.length());
        }
        return base + uri;
    }
}

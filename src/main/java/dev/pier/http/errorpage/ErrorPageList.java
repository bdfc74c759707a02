package dev.pier.http.errorpage;

import dev.pier.http.ErrorPageHook;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.http.location.Location;
import io.netty.handler.codec.http.HttpMethod;

/**
 * The {@code error_page} list in force at one level, with that level's {@code recursive_error_pages}, and
 * nginx's ngx_http_send_error_page: a URI is an internal redirect (as GET, HEAD staying HEAD), {@code @name}
 * continues in a named location, anything else is a redirect (302, or the 301/303/307/308 given by {@code =}).
 */
final class ErrorPageList implements ErrorPageHook {
    private final ErrorPageTable table;
    private final boolean recursive;

    ErrorPageList(ErrorPageTable table, boolean recursive) {
        this.table = table;
        this.recursive = recursive;
    }

    @Override public boolean covers(int status) { return table.find(status) != null; }

    @Override public boolean recursive() { return recursive; }

    @Override public void send(HttpExchange ex, int status) {
        ErrorPage page = table.find(status);
        // ngx_http_send_error_page: unless the page may answer 200, the client is not invited to send its body
        if (page.overwrite() != 0 && page.overwrite() != 200) {
            ex.expectTested();
        }
        if (page.overwrite() >= 0) {
            ex.errorStatus(page.overwrite());
        }
        String value = page.target().render(ex);
        if (value.startsWith("/")) {
            String uri = page.path();
            String args = page.args();
            if (uri == null) {
                // ngx_http_split_args: a value with variables is split at its first '?'
                int q = value.indexOf('?');
                uri = q < 0 ? value : value.substring(0, q);
                args = q < 0 ? null : value.substring(q + 1);
            }
            if (!ex.isHead()) {
                ex.method(HttpMethod.GET);
            }
            ex.internalRedirect(uri, args);
            return;
        }
        if (value.startsWith("@")) {
            named(ex, value);
            return;
        }
        int code = switch (page.overwrite()) {
            case 301, 302, 303, 307, 308 -> page.overwrite();
            default -> 302;
        };
        ex.errorStatus(code);
        ex.expectTested();
        // the Location goes out as written, not made absolute
        ex.sendRedirectPage(code, value);
    }

    /** ngx_http_named_location: a request whose line nginx could not parse has no URI to carry over (500). */
    private static void named(HttpExchange ex, String name) {
        if (!ex.adoptRequestLineUri()) {
            RequestLog.error(ex, "empty URI in redirect to named location \"" + name + "\"");
            ex.sendError(500);
            return;
        }
        Location named = ex.server().named(name);
        if (named == null) {
            RequestLog.error(ex, "could not find named location \"" + name + "\"");
            ex.sendError(500);
            return;
        }
        ex.namedRedirect(named);
    }
}

package dev.pier.http.rewrite;

import dev.pier.http.HttpExchange;
import dev.pier.http.MimeTypesModule;
import dev.pier.http.Redirects;
import dev.pier.variables.Template;

/**
 * What {@code return} does: for 301, 302, 303, 307 and 308 the argument is the Location (made absolute
 * as nginx does); for other codes it is the body, typed by the URI's extension or default_type; without an
 * argument, an empty response below 400 and nginx's own page from 400 on.
 */
record ReturnAction(int code, Template argument) implements ScriptCode {
    @Override public int run(ScriptRun run, int ip) {
        send(run.exchange());
        run.finish();
        return EXIT;
    }

    void send(HttpExchange ex) {
        // ngx_http_script_return_code: below 400 even a bare code is sent as a response with an empty text
        // (a redirect then has an empty Location); from 400 on, a bare code gets nginx's page
        if (argument == null && code >= 400) {
            ex.sendError(code);
            return;
        }
        // nginx sets the response status before it renders the text, so $status already reads the code
        ex.presetStatus(code);
        String text = argument == null ? "" : argument.render(ex);
        if (isRedirect(code)) {
            ex.sendRedirect(code, Redirects.absolute(ex, text));
            return;
        }
        // ngx_http_send_response types the body as a file of the URI's extension would be, else default_type
        String type = ex.settings().get(MimeTypesModule.TYPES).forPath(ex.uri());
        ex.sendText(code, text, type != null ? type : ex.settings().get(MimeTypesModule.DEFAULT_TYPE));
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }
}

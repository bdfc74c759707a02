package dev.pier.http.rewrite;

import dev.pier.http.HttpExchange;
import dev.pier.http.MimeTypesModule;
import dev.pier.http.RewriteStep;
import dev.pier.http.Redirects;
import dev.pier.variables.Template;

/**
 * What {@code return} does: for 301, 302, 303, 307 and 308 the argument is the Location (made absolute
 * as nginx does); for other codes it is the body, sent with the location's default type; without an
 * argument, nginx's own page for the code.
 */
public record ReturnAction(int code, Template argument) implements RewriteStep {
    @Override public boolean run(HttpExchange ex) {
        if (isRedirect(code) && argument != null) {
            String target = argument.render(ex);
            ex.sendRedirect(code, Redirects.absolute(ex, target));
            return true;
        }
        if (argument == null) {
            ex.sendError(code);
            return true;
        }
        ex.sendText(code, argument.render(ex), ex.settings().get(MimeTypesModule.DEFAULT_TYPE));
        return true;
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }
}

package dev.pier.content.file;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import java.nio.file.Path;

/** A {@code root} or {@code alias} value; relative paths are taken from the prefix, as nginx does. */
public record DocumentRoot(Template path, Path prefix, boolean alias) {
    /** The directory (root) or path prefix (alias) for this request, absolute. */
    public String resolve(HttpExchange ex) {
        String p = path.render(ex);
        if (!p.startsWith("/")) {
            // Path.resolve drops a trailing slash, which an alias needs kept ("alias html/;")
            p = prefix.resolve(p).toString() + (p.endsWith("/") ? "/" : "");
        }
        return p;
    }
}

package dev.pier.content.file;

import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.http.PrecontentStep;
import dev.pier.http.location.Location;
import dev.pier.variables.Template;
import java.util.List;

/**
 * nginx's try_files handler: the first candidate that exists (as a directory when written with a trailing
 * '/', as a file otherwise) becomes $uri and the location's content handler serves it; when none exists the
 * last argument decides: {@code =code} ends with that status, {@code @name} continues in a named location,
 * anything else is an internal redirect (whose query string, if any, replaces the arguments).
 */
final class TryFiles implements PrecontentStep {
    record Candidate(Template name, boolean directory) { }

    record Spec(List<Candidate> files, Template fallback, int code, boolean serverLevel) { }

    private final Spec spec;
    private final OpenFileCacheSetting cache;

    TryFiles(Spec spec, OpenFileCacheSetting cache) {
        this.spec = spec;
        this.cache = cache;
    }

    @Override public boolean run(HttpExchange ex) {
        if (spec.serverLevel() && ex.location() != ex.server().fallbackLocation()) {
            return false;
        }
        for (Candidate c : spec.files()) {
            String value = c.name().render(ex);
            String file = fileName(ex, value);
            if (file == null) {
                ex.sendError(500);
                return true;
            }
            FileInfo info = OpenFileCache.stat(cache, file);
            if (!info.exists()) {
                if (info.kind() == FileInfo.Kind.FORBIDDEN || info.kind() == FileInfo.Kind.ERROR) {
                    RequestLog.error(ex, "open() \"" + file + "\" failed (" + info.error() + ")");
                }
                continue;
            }
            if ((info.kind() == FileInfo.Kind.DIRECTORY) != c.directory()) {
                continue;
            }
            ex.uri(value, ex.args());
            return false;
        }
        if (spec.code() >= 0) {
            ex.sendError(spec.code());
            return true;
        }
        String target = spec.fallback().render(ex);
        if (target.startsWith("@")) {
            Location named = ex.server().named(target);
            if (named == null) {
                RequestLog.error(ex, "could not find named location \"" + target + "\"");
                ex.sendError(500);
            } else {
                ex.namedRedirect(named);
            }
            return true;
        }
        int q = target.indexOf('?');
        ex.internalRedirect(q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1));
        return true;
    }

    /**
     * root + value; with a prefix alias a value under the location's prefix has it replaced by the alias.
     * With an alias in a regex location nginx appends the value to the whole alias (so "$uri" there is
     * rarely found); Pier does the same to give the same answers.
     */
    private static String fileName(HttpExchange ex, String value) {
        Location l = ex.location();
        DocumentRoot root = ex.settings().get(StaticFileModule.ROOT);
        if (root != null && root.alias() && ex.validLocation() && l != null && (l.kind() == Location.Kind.REGEX || l.kind() == Location.Kind.REGEX_CASELESS)) {
            return root.resolve(ex) + value;
        }
        return FilePaths.map(ex, value);
    }
}

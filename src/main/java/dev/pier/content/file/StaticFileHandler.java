package dev.pier.content.file;

import dev.pier.http.UriEscape;
import dev.pier.http.HttpCoreModule;
import dev.pier.http.HttpExchange;
import dev.pier.http.Redirects;
import dev.pier.http.RequestLog;
import dev.pier.variables.Template;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * nginx's index, autoindex and static handlers, in their content-phase order: a URI ending in '/' tries
 * the index files (an internal redirect to the first that exists), then the directory listing if
 * {@code autoindex} is on; any other URI maps to a file sent zero-copy, a directory redirected to its
 * slashed form, a missing file answered 404.
 */
final class StaticFileHandler implements dev.pier.http.ContentHandler {
    private final OpenFileCacheSetting cache;

    StaticFileHandler(OpenFileCacheSetting cache) {
        this.cache = cache;
    }

    @Override public void handle(HttpExchange ex) {
        HttpMethod method = ex.method();
        // the static handler refuses other methods before anything else; index and autoindex decline them
        if (method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.POST) {
            ex.sendError(405);
            return;
        }
        String uri = ex.uri();
        if (uri.endsWith("/")) {
            index(ex);
            return;
        }
        String name = FilePaths.map(ex, uri);
        if (name == null) {
            ex.sendError(500);
            return;
        }
        FileInfo info = stat(name);
        switch (info.kind()) {
            case NOT_FOUND -> {
                if (ex.settings().get(HttpCoreModule.LOG_NOT_FOUND)) {
                    RequestLog.error(ex, "open() \"" + name + "\" failed (" + info.error() + ")");
                }
                ex.sendError(404);
                return;
            }
            case FORBIDDEN -> {
                RequestLog.error(ex, "open() \"" + name + "\" failed (" + info.error() + ")");
                ex.sendError(403);
                return;
            }
            case ERROR -> {
                RequestLog.error(ex, "open() \"" + name + "\" failed (" + info.error() + ")");
                ex.sendError(500);
                return;
            }
            case DIRECTORY -> {
                redirectToDirectory(ex);
                return;
            }
            case OTHER -> {
                RequestLog.error(ex, "\"" + name + "\" is not a regular file");
                ex.sendError(404);
                return;
            }
            default -> { }
        }
        if (method == HttpMethod.POST) {
            ex.sendError(405);
            return;
        }
        Path path = fsPath(name);
        byte[] cached = OpenFileCache.content(cache, name, info);
        if (cached != null) {
            FileResponse.sendCached(ex, cached, path.toFile(), info.mtimeSeconds());
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path);
        } catch (AccessDeniedException e) {
            RequestLog.error(ex, "open() \"" + name + "\" failed (13: Permission denied)");
            ex.sendError(403);
            return;
        } catch (IOException e) {
            // vanished between the cached stat and the open
            RequestLog.error(ex, "open() \"" + name + "\" failed (2: No such file or directory)");
            ex.sendError(404);
            return;
        }
        FileResponse.send(ex, channel, path.toFile(), info.size(), info.mtimeSeconds());
    }

    private FileInfo stat(String name) {
        return OpenFileCache.stat(cache, name);
    }

    /** Byte-string file names (one char per byte) become the platform's UTF-8 path. */
    static Path fsPath(String byteString) {
        return Path.of(new String(byteString.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    /** nginx's static handler: Location is $uri escaped (NGX_ESCAPE_URI) plus '/', then '?' and the args as they are. */
    private static void redirectToDirectory(HttpExchange ex) {
        String target = UriEscape.uri(ex.uri()) + "/" + (ex.args() != null && !ex.args().isEmpty() ? "?" + ex.args() : "");
        ex.sendRedirect(301, Redirects.absolute(ex, target));
    }

    private void index(HttpExchange ex) {
        String dirName = FilePaths.map(ex, ex.uri());
        if (dirName == null) {
            ex.sendError(500);
            return;
        }
        for (Template t : ex.settings().get(StaticFileModule.INDEX)) {
            String index = t.render(ex);
            if (index.startsWith("/")) {
                // an absolute index name is the last resort: redirect to it whether it exists or not
                ex.internalRedirect(index, ex.args());
                return;
            }
            FileInfo info = stat(dirName + index);
            if (info.exists()) {
                ex.internalRedirect(ex.uri() + index, ex.args());
                return;
            }
            if (info.kind() == FileInfo.Kind.FORBIDDEN || info.kind() == FileInfo.Kind.ERROR) {
                RequestLog.error(ex, "open() \"" + dirName + index + "\" failed (" + info.error() + ")");
                ex.sendError(info.kind() == FileInfo.Kind.FORBIDDEN ? 403 : 500);
                return;
            }
        }
        FileInfo dir = stat(dirName);
        if (dir.kind() != FileInfo.Kind.DIRECTORY) {
            RequestLog.error(ex, "\"" + dirName + "index.html\" is not found (2: No such file or directory)");
            ex.sendError(404);
            return;
        }
        HttpMethod method = ex.method();
        if (ex.settings().get(AutoindexModule.AUTOINDEX) && (method == HttpMethod.GET || method == HttpMethod.HEAD)) {
            DirectoryListing.send(ex, dirName);
            return;
        }
        RequestLog.error(ex, "directory index of \"" + dirName + "\" is forbidden");
        ex.sendError(403);
    }
}

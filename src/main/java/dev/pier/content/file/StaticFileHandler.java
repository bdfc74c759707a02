package dev.pier.content.file;

import dev.pier.core.LogLevel;
import dev.pier.http.ContentHandler;
import dev.pier.http.HttpCoreModule;
import dev.pier.http.HttpDate;
import dev.pier.http.HeaderNames;
import dev.pier.http.HttpExchange;
import dev.pier.http.MimeTypesModule;
import dev.pier.http.Redirects;
import dev.pier.http.RequestLog;
import dev.pier.variables.Template;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * nginx's static and index handlers: a URI ending in '/' tries the index files (an internal redirect to
 * the first that exists); any other URI maps to a file sent zero-copy, a directory redirected to its
 * slashed form, a missing file answered 404.
 */
final class StaticFileHandler implements ContentHandler {

    @Override public void handle(HttpExchange ex) {
        HttpMethod method = ex.request().method();
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
        Path path = fsPath(name);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            notFound(ex, name);
            return;
        } catch (AccessDeniedException e) {
            RequestLog.error(ex, "open() \"" + name + "\" failed (13: Permission denied)");
            ex.sendError(403);
            return;
        } catch (IOException e) {
            RequestLog.error(ex, "stat() \"" + name + "\" failed (" + e.getMessage() + ")");
            ex.sendError(500);
            return;
        }
        if (attrs.isDirectory()) {
            redirectToDirectory(ex);
            return;
        }
        if (method == HttpMethod.POST) {
            ex.sendError(405);
            return;
        }
        sendFile(ex, path, name, attrs);
    }

    /** Byte-string file names (one char per byte) become the platform's UTF-8 path. */
    static Path fsPath(String byteString) {
        return Path.of(new String(byteString.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static void notFound(HttpExchange ex, String name) {
        if (ex.settings().get(HttpCoreModule.LOG_NOT_FOUND)) {
            RequestLog.error(ex, "open() \"" + name + "\" failed (2: No such file or directory)");
        }
        ex.sendError(404);
    }

    private static void redirectToDirectory(HttpExchange ex) {
        String target = ex.uri() + "/" + (ex.args() != null ? "?" + ex.args() : "");
        ex.sendRedirect(301, Redirects.absolute(ex, target));
    }

    private static void index(HttpExchange ex) {
        String dirName = FilePaths.map(ex, ex.uri());
        for (Template t : ex.settings().get(StaticFileModule.INDEX)) {
            String index = t.render(ex);
            if (index.startsWith("/")) {
                // an absolute index name is the last resort: redirect to it whether it exists or not
                ex.internalRedirect(index, ex.args());
                return;
            }
            String file = dirName + index;
            if (Files.exists(fsPath(file))) {
                ex.internalRedirect(ex.uri() + index, ex.args());
                return;
            }
        }
        Path dir = fsPath(dirName);
        if (Files.isDirectory(dir)) {
            RequestLog.error(ex, "directory index of \"" + dirName + "\" is forbidden");
            ex.sendError(403);
        } else {
            RequestLog.error(ex, "\"" + dirName + "index.html\" is not found (2: No such file or directory)");
            ex.sendError(404);
        }
    }

    private static void sendFile(HttpExchange ex, Path path, String name, BasicFileAttributes attrs) {
        long size = attrs.size();
        long mtimeSeconds = attrs.lastModifiedTime().toMillis() / 1000;
        String etag = ex.settings().get(StaticFileModule.ETAG)
                ? "\"" + Long.toHexString(mtimeSeconds) + "-" + Long.toHexString(size) + "\"" : null;
        if (notModified(ex, mtimeSeconds, etag)) {
            HttpResponse head = ex.newResponse(304);
            head.headers().set(HeaderNames.LAST_MODIFIED, HttpDate.format(mtimeSeconds * 1000));
            if (etag != null) {
                head.headers().set(HeaderNames.ETAG, etag);
            }
            ex.writeHead(head);
            ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
            ex.finish();
            return;
        }
        HttpResponse head = ex.newResponse(200);
        String type = ex.settings().get(MimeTypesModule.TYPES).forPath(name);
        head.headers().set(HeaderNames.CONTENT_TYPE, type != null ? type : ex.settings().get(MimeTypesModule.DEFAULT_TYPE));
        head.headers().set(HeaderNames.CONTENT_LENGTH, size);
        head.headers().set(HeaderNames.LAST_MODIFIED, HttpDate.format(mtimeSeconds * 1000));
        if (etag != null) {
            head.headers().set(HeaderNames.ETAG, etag);
        }
        head.headers().set(HeaderNames.ACCEPT_RANGES, "bytes");
        if (ex.isHead() || size == 0) {
            ex.writeHead(head);
            ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
            ex.finish();
            return;
        }
        RandomAccessFile file;
        try {
            file = new RandomAccessFile(path.toFile(), "r");
        } catch (IOException e) {
            RequestLog.log(LogLevel.ERROR, ex, "open() \"" + name + "\" failed (" + e.getMessage() + ")");
            ex.sendError(403);
            return;
        }
        ex.writeHead(head);
        ex.writeBody(new DefaultFileRegion(file.getChannel(), 0, size));
        ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
        ex.finish();
    }

    /** RFC 9110 §13.2.2: If-None-Match decides when present; else If-Modified-Since (nginx: exact match by default). */
    private static boolean notModified(HttpExchange ex, long mtimeSeconds, String etag) {
        String inm = ex.request().headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (inm != null) {
            if (etag == null) {
                return false;
            }
            for (String tag : inm.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        String ims = ex.request().headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ims != null) {
            long since = HttpDate.parseSeconds(ims);
            return since == mtimeSeconds;
        }
        return false;
    }
}

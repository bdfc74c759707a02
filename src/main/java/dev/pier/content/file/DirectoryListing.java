package dev.pier.content.file;

import dev.pier.http.HeaderNames;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * nginx's autoindex handler: reads the directory on a small blocking pool (a listing stats every entry,
 * too slow for an event loop), renders it in the configured format and answers on the loop, chunked as
 * nginx does since the length is not known up front.
 */
final class DirectoryListing {
    private static final ExecutorService READERS = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024), r -> {
                Thread t = new Thread(r, "pier-autoindex");
                t.setDaemon(true);
                return t;
            });

    private DirectoryListing() { }

    static void send(HttpExchange ex, String dirName) {
        AutoindexModule.Format format = ex.settings().get(AutoindexModule.FORMAT);
        boolean exact = ex.settings().get(AutoindexModule.EXACT_SIZE);
        ZoneId zone = ex.settings().get(AutoindexModule.LOCALTIME) ? ZoneId.systemDefault() : ZoneOffset.UTC;
        String uri = ex.uri();
        String callback = null;
        if (format == AutoindexModule.Format.JSONP) {
            callback = JsonpCallback.of(ex.args());
            if (callback == null) {
                RequestLog.error(ex, "client sent invalid callback");
                ex.sendError(400);
                return;
            }
        }
        String cb = callback;
        var loop = ex.channelContext().executor();
        try {
            READERS.execute(() -> {
                String body;
                int error = 0;
                String reason = null;
                try {
                    List<DirectoryEntry> entries = DirectoryEntry.read(StaticFileHandler.fsPath(dirName));
                    body = switch (format) {
                        case HTML -> ListingFormats.html(uri, entries, exact, zone);
                        case JSON -> ListingFormats.json(entries);
                        case XML -> ListingFormats.xml(entries);
                        case JSONP -> cb.isEmpty() ? ListingFormats.json(entries) : "/* callback */\r\n" + cb + "(" + ListingFormats.json(entries) + ");";
                    };
                } catch (AccessDeniedException e) {
                    body = null;
                    error = 403;
                    reason = "13: Permission denied";
                } catch (NoSuchFileException e) {
                    body = null;
                    error = 404;
                    reason = "2: No such file or directory";
                } catch (IOException | RuntimeException e) {
                    body = null;
                    error = 500;
                    reason = String.valueOf(e.getMessage());
                }
                String b = body;
                int status = error;
                String why = reason;
                loop.execute(() -> {
                    if (b == null) {
                        RequestLog.error(ex, "opendir() \"" + dirName + "\" failed (" + why + ")");
                        ex.sendError(status);
                    } else {
                        respond(ex, format, cb != null && !cb.isEmpty(), b);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            ex.sendError(503);
        }
    }

    private static void respond(HttpExchange ex, AutoindexModule.Format format, boolean callback, String body) {
        HttpResponse head = ex.newResponse(200);
        head.headers().set(HeaderNames.CONTENT_TYPE, switch (format) {
            case HTML -> "text/html";
            case JSON -> "application/json";
            // nginx labels only its XML listing with a charset
            case XML -> "text/xml; charset=utf-8";
            case JSONP -> callback ? "application/javascript" : "application/json";
        });
        if (ex.isHead()) {
            ex.writeHead(head);
            ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
            ex.finish();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        if (ex.request().protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            head.headers().set(HeaderNames.TRANSFER_ENCODING, "chunked");
        } else {
            // HTTP/1.0 has no chunking: like nginx, no length, and the close ends the body
            ex.disableKeepAlive();
        }
        ex.writeHead(head);
        ex.writeBody(new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes)));
        ex.finish();
    }
}

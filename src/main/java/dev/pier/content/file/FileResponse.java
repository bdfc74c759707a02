package dev.pier.content.file;

import dev.pier.http.ErrorPages;
import dev.pier.http.HeaderNames;
import dev.pier.http.HttpCoreModule;
import dev.pier.http.HttpDate;
import dev.pier.http.HttpExchange;
import dev.pier.http.MimeTypesModule;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.File;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answer for a regular file, as nginx's static handler followed by its not_modified and range filters:
 * 200 with the whole file, 304, 412, 206 (one range, or multipart/byteranges), or 416. File bytes go out
 * as FileRegions (sendfile); the open channel is owned by the region that sends it, or closed here.
 */
final class FileResponse {
    /** nginx numbers multipart boundaries with a process-wide counter, printed as 20 digits. */
    private static final AtomicLong BOUNDARY = new AtomicLong();

    private FileResponse() { }

    /** Where the bytes of the answer come from: an open channel (sendfile) or the cached bytes of a small file. */
    @FunctionalInterface
    private interface Body {
        Object part(long start, long length);
    }

    static void send(HttpExchange ex, FileChannel channel, File file, long size, long mtimeSeconds) {
        boolean channelOwned = true;
        try {
            channelOwned = !respond(ex, (start, length) -> new DefaultFileRegion(channel, start, length), file, size, mtimeSeconds);
        } finally {
            if (channelOwned) {
                closeQuietly(channel);
            }
        }
    }

    /** Sends a small file from the bytes the open file cache holds: the head and the body go out in one write. */
    static void sendCached(HttpExchange ex, byte[] content, File file, long mtimeSeconds) {
        respond(ex, (start, length) -> Unpooled.wrappedBuffer(content, (int) start, (int) length), file, content.length, mtimeSeconds);
    }

    /** Returns true when the body was handed on (for a channel: to a FileRegion, which then owns it). */
    private static boolean respond(HttpExchange ex, Body body, File file, long size, long mtimeSeconds) {
        String etag = ex.settings().get(StaticFileModule.ETAG) ? etag(mtimeSeconds, size) : null;
        HttpHeaders req = ex.request().headers();
        // an error page's status replaces 200 before nginx's not_modified and range filters, which then stand aside
        boolean errorPage = ex.errorStatus() != 0 && ex.errorStatus() != 200;
        switch (errorPage ? Preconditions.Outcome.SEND : Preconditions.evaluate(req, mtimeSeconds, etag, ex.settings().get(StaticFileModule.IF_MODIFIED_SINCE))) {
            case PRECONDITION_FAILED -> {
                ex.sendError(412);
                return false;
            }
            case NOT_MODIFIED -> {
                // nginx keeps Last-Modified and ETag on a 304 and drops the type, length and Accept-Ranges
                HttpResponse head = ex.newResponse(304);
                head.headers().set(HeaderNames.LAST_MODIFIED, HttpDate.format(mtimeSeconds * 1000));
                if (etag != null) {
                    head.headers().set(HeaderNames.ETAG, etag);
                }
                ex.writeHead(head);
                ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
                ex.finish();
                return false;
            }
            default -> { }
        }
        ByteRanges.Result ranges = errorPage ? new ByteRanges.Whole() : rangesFor(ex, req, size, mtimeSeconds, etag);
        if (ranges instanceof ByteRanges.NotSatisfiable) {
            sendNotSatisfiable(ex, size);
            return false;
        }
        List<ByteRanges.Range> parts = ranges instanceof ByteRanges.Partial p ? p.ranges() : List.of();
        // nginx types by the extension of $uri, not of the file name (they differ under alias)
        String type = contentType(ex, ex.uri());
        HttpResponse head = ex.newResponse(parts.isEmpty() ? 200 : 206);
        // nginx's header order: type, length, Last-Modified, ETag, then Content-Range or Accept-Ranges
        if (parts.size() > 1) {
            sendMultipart(ex, head, type, file, size, mtimeSeconds, etag, parts);
            return false;
        }
        ByteRanges.Range range = parts.isEmpty() ? new ByteRanges.Range(0, size) : parts.get(0);
        head.headers().add(HeaderNames.CONTENT_TYPE, type);
        head.headers().add(HeaderNames.CONTENT_LENGTH, range.length());
        validators(head, mtimeSeconds, etag);
        if (parts.isEmpty()) {
            head.headers().add(HeaderNames.ACCEPT_RANGES, "bytes");
        } else {
            head.headers().set(HeaderNames.CONTENT_RANGE, "bytes " + range.start() + "-" + (range.end() - 1) + "/" + size);
        }
        return writeRegion(ex, head, body, range.start(), range.length());
    }

    private static void validators(HttpResponse head, long mtimeSeconds, String etag) {
        // a fresh head: add, not set, spares a scan of the header map on every file response
        head.headers().add(HeaderNames.LAST_MODIFIED, HttpDate.format(mtimeSeconds * 1000));
        if (etag != null) {
            head.headers().add(HeaderNames.ETAG, etag);
        }
    }

    static String etag(long mtimeSeconds, long size) {
        return "\"" + Long.toHexString(mtimeSeconds) + "-" + Long.toHexString(size) + "\"";
    }

    static String contentType(HttpExchange ex, String uri) {
        String type = ex.settings().get(MimeTypesModule.TYPES).forPath(uri);
        return type != null ? type : ex.settings().get(MimeTypesModule.DEFAULT_TYPE);
    }

    /** nginx's range filter: only for HTTP/1.0+, honouring If-Range (an exact ETag or the exact Last-Modified date). */
    private static ByteRanges.Result rangesFor(HttpExchange ex, HttpHeaders req, long size, long mtime, String etag) {
        String range = req.get(HttpHeaderNames.RANGE);
        if (!ByteRanges.isByteRange(range) || ex.request().protocolVersion().majorVersion() < 1) {
            return new ByteRanges.Whole();
        }
        String ifRange = req.get(HttpHeaderNames.IF_RANGE);
        if (ifRange != null) {
            if (ifRange.length() >= 2 && ifRange.endsWith("\"")) {
                if (etag == null || !etag.equals(ifRange)) {
                    return new ByteRanges.Whole();
                }
            } else if (HttpDate.parseSeconds(ifRange) != mtime) {
                return new ByteRanges.Whole();
            }
        }
        return ByteRanges.parse(range, size, ex.settings().get(StaticFileModule.MAX_RANGES));
    }

    private static boolean writeRegion(HttpExchange ex, HttpResponse head, Body body, long start, long length) {
        ex.writeHead(head);
        if (ex.isHead() || length == 0) {
            ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
            ex.finish();
            return false;
        }
        ex.writeBody(body.part(start, length));
        ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
        ex.finish();
        return true;
    }

    /** 416 with nginx's page and {@code Content-Range: bytes * /size}. */
    private static void sendNotSatisfiable(HttpExchange ex, long size) {
        HttpResponse head = ex.newResponse(416);
        head.headers().set(HeaderNames.CONTENT_TYPE, "text/html");
        head.headers().set(HeaderNames.CONTENT_RANGE, "bytes */" + size);
        ex.send(head, Unpooled.wrappedBuffer(ErrorPages.page(416, ex.settings().get(HttpCoreModule.SERVER_TOKENS))));
    }

    /**
     * multipart/byteranges as ngx_http_range_multipart_header: each part is CRLF "--boundary" CRLF, the
     * Content-Type, the Content-Range, a blank line and the bytes; the body ends with CRLF "--boundary--" CRLF.
     * Each part's bytes are a FileRegion that opens the file when it is sent.
     */
    private static void sendMultipart(HttpExchange ex, HttpResponse head, String type, File file, long size, long mtimeSeconds,
                                      String etag, List<ByteRanges.Range> ranges) {
        String boundary = String.format("%020d", BOUNDARY.incrementAndGet());
        String partHead = "\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes ";
        String[] heads = new String[ranges.size()];
        long length = 0;
        for (int i = 0; i < heads.length; i++) {
            ByteRanges.Range r = ranges.get(i);
            heads[i] = partHead + r.start() + "-" + (r.end() - 1) + "/" + size + "\r\n\r\n";
            length += heads[i].length() + r.length();
        }
        String tail = "\r\n--" + boundary + "--\r\n";
        length += tail.length();
        head.headers().set(HeaderNames.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
        head.headers().set(HeaderNames.CONTENT_LENGTH, length);
        validators(head, mtimeSeconds, etag);
        ex.writeHead(head);
        if (!ex.isHead()) {
            for (int i = 0; i < heads.length; i++) {
                ByteRanges.Range r = ranges.get(i);
                ex.writeBody(Unpooled.wrappedBuffer(heads[i].getBytes(StandardCharsets.ISO_8859_1)));
                ex.writeBody(new DefaultFileRegion(file, r.start(), r.length()));
            }
            ex.writeBody(Unpooled.wrappedBuffer(tail.getBytes(StandardCharsets.ISO_8859_1)));
        }
        ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
        ex.finish();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (java.io.IOException ignored) {
            // nothing to do: the descriptor is gone either way
        }
    }
}

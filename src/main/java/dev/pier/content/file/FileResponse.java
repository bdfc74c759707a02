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

    static void send(HttpExchange ex, String name, FileChannel channel, File file, long size, long mtimeSeconds) {
        boolean channelOwned = true;
        try {
            channelOwned = !respond(ex, name, channel, file, size, mtimeSeconds);
        } finally {
            if (channelOwned) {
                closeQuietly(channel);
            }
        }
    }

    /** Returns true when {@code channel} was handed to a FileRegion. */
    private static boolean respond(HttpExchange ex, String name, FileChannel channel, File file, long size, long mtimeSeconds) {
        String etag = ex.settings().get(StaticFileModule.ETAG) ? etag(mtimeSeconds, size) : null;
        HttpHeaders req = ex.request().headers();
        switch (Preconditions.evaluate(req, mtimeSeconds, etag, ex.settings().get(StaticFileModule.IF_MODIFIED_SINCE))) {
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
        // nginx types by the extension of $uri, not of the file name (they differ under alias)
        String type = contentType(ex, ex.uri());
        HttpResponse head = ex.newResponse(200);
        head.headers().set(HeaderNames.CONTENT_TYPE, type);
        // nginx's header order: type, length, Last-Modified, ETag, then Content-Range or Accept-Ranges
        head.headers().set(HeaderNames.CONTENT_LENGTH, size);
        head.headers().set(HeaderNames.LAST_MODIFIED, HttpDate.format(mtimeSeconds * 1000));
        if (etag != null) {
            head.headers().set(HeaderNames.ETAG, etag);
        }
        ByteRanges.Result ranges = rangesFor(ex, req, size, mtimeSeconds, etag);
        if (ranges instanceof ByteRanges.NotSatisfiable) {
            sendNotSatisfiable(ex, size);
            return false;
        }
        if (ranges instanceof ByteRanges.Partial partial) {
            head.setStatus(dev.pier.http.StatusLines.of(206));
            if (partial.ranges().size() == 1) {
                ByteRanges.Range r = partial.ranges().get(0);
                head.headers().set(HeaderNames.CONTENT_LENGTH, r.length());
                head.headers().set(HeaderNames.CONTENT_RANGE, "bytes " + r.start() + "-" + (r.end() - 1) + "/" + size);
                return writeRegion(ex, head, channel, r.start(), r.length());
            }
            sendMultipart(ex, head, type, file, size, partial.ranges());
            return false;
        }
        head.headers().set(HeaderNames.CONTENT_LENGTH, size);
        head.headers().set(HeaderNames.ACCEPT_RANGES, "bytes");
        return writeRegion(ex, head, channel, 0, size);
    }

    static String etag(long mtimeSeconds, long size) {
        return "\"" + Long.toHexString(mtimeSeconds) + "-" + Long.toHexString(size) + "\"";
    }

    static String contentType(HttpExchange ex, String name) {
        String type = ex.settings().get(MimeTypesModule.TYPES).forPath(name);
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

    private static boolean writeRegion(HttpExchange ex, HttpResponse head, FileChannel channel, long start, long length) {
        ex.writeHead(head);
        if (ex.isHead() || length == 0) {
            ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
            ex.finish();
            return false;
        }
        ex.writeBody(new DefaultFileRegion(channel, start, length));
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
    private static void sendMultipart(HttpExchange ex, HttpResponse head, String type, File file, long size, List<ByteRanges.Range> ranges) {
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

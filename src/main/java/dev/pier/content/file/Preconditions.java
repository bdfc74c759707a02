package dev.pier.content.file;

import dev.pier.http.HttpDate;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * nginx's not_modified filter for a 200 response with a Last-Modified time and an optional ETag: first
 * If-Unmodified-Since and If-Match (412 when they fail), then If-Modified-Since and If-None-Match (304 when
 * every one present says "not modified"). Dates that do not parse are ignored as nginx ignores them.
 */
final class Preconditions {
    enum Outcome { SEND, NOT_MODIFIED, PRECONDITION_FAILED }

    private Preconditions() { }

    static Outcome evaluate(HttpHeaders request, long mtimeSeconds, String etag, IfModifiedSince mode) {
        String ius = request.get(HttpHeaderNames.IF_UNMODIFIED_SINCE);
        if (ius != null && !unmodifiedSince(ius, mtimeSeconds)) {
            return Outcome.PRECONDITION_FAILED;
        }
        String im = request.get(HttpHeaderNames.IF_MATCH);
        if (im != null && !matches(im, etag, false)) {
            return Outcome.PRECONDITION_FAILED;
        }
        String ims = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        String inm = request.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ims == null && inm == null) {
            return Outcome.SEND;
        }
        if (ims != null && modifiedSince(ims, mtimeSeconds, mode)) {
            return Outcome.SEND;
        }
        if (inm != null && !matches(inm, etag, true)) {
            return Outcome.SEND;
        }
        return Outcome.NOT_MODIFIED;
    }

    /** ngx_http_test_if_unmodified: true (the precondition holds) when the date is at or after mtime. */
    private static boolean unmodifiedSince(String value, long mtime) {
        if (mtime < 0) {
            return false;
        }
        long since = HttpDate.parseSeconds(value);
        return since >= mtime;
    }

    /** ngx_http_test_if_modified: true means "modified", send the body. */
    private static boolean modifiedSince(String value, long mtime, IfModifiedSince mode) {
        if (mtime < 0 || mode == IfModifiedSince.OFF) {
            return true;
        }
        long since = HttpDate.parseSeconds(value);
        if (since < 0) {
            return true;
        }
        return mode == IfModifiedSince.EXACT ? since != mtime : since < mtime;
    }

    /**
     * ngx_http_test_if_match: "*" matches any entity with an ETag; otherwise a comma-separated list compared
     * byte for byte, with the "W/" prefixes ignored on both sides for the weak comparison of If-None-Match.
     */
    static boolean matches(String header, String etag, boolean weak) {
        if (etag == null) {
            return false;
        }
        if (header.equals("*")) {
            return true;
        }
        String tag = etag;
        if (weak && tag.length() > 2 && tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        int p = 0;
        int end = header.length();
        while (p < end) {
            if (weak && end - p > 2 && header.startsWith("W/", p)) {
                p += 2;
            }
            if (tag.length() > end - p) {
                return false;
            }
            if (header.startsWith(tag, p)) {
                int q = p + tag.length();
                while (q < end && (header.charAt(q) == ' ' || header.charAt(q) == '\t')) {
                    q++;
                }
                if (q == end || header.charAt(q) == ',') {
                    return true;
                }
            }
            while (p < end && header.charAt(p) != ',') {
                p++;
            }
            while (p < end && (header.charAt(p) == ' ' || header.charAt(p) == '\t' || header.charAt(p) == ',')) {
                p++;
            }
        }
        return false;
    }
}

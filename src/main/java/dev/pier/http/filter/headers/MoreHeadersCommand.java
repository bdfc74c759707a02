package dev.pier.http.filter.headers;

import dev.pier.http.HeaderNames;
import dev.pier.http.HttpExchange;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One {@code more_set_headers} or {@code more_clear_headers} directive: its headers, applied when the
 * response status is one of {@code -s} (any when none given) and its Content-Type is exactly one of
 * {@code -t} (any when none given).
 */
record MoreHeadersCommand(int[] statuses, String[] types, HeaderEdit[] edits) {

    void apply(HttpExchange ex, HttpResponse response) {
        if (edits.length == 0 || types != null && !typeMatches(response) || statuses != null && !statusMatches(response)) {
            return;
        }
        for (HeaderEdit e : edits) {
            e.apply(ex, response.headers());
        }
    }

    private boolean typeMatches(HttpResponse response) {
        String type = response.headers().get(HeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        for (String t : types) {
            if (t.equals(type)) {
                return true;
            }
        }
        return false;
    }

    private boolean statusMatches(HttpResponse response) {
        int status = response.status().code();
        for (int s : statuses) {
            if (s == status) {
                return true;
            }
        }
        return false;
    }
}

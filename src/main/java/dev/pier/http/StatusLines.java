package dev.pier.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Status codes with nginx's reason phrases (nginx's differ from Netty's for a few, e.g. 302 "Moved Temporarily"). */
public final class StatusLines {
    private static final HttpResponseStatus[] BY_CODE = new HttpResponseStatus[600];

    static {
        // nginx's ngx_http_status_lines; a code it does not know goes out with an empty reason phrase
        for (int c = 100; c < 600; c++) {
            BY_CODE[c] = new HttpResponseStatus(c, "");
        }
        set(100, "Continue");
        set(101, "Switching Protocols");
        set(200, "OK");
        set(201, "Created");
        set(202, "Accepted");
        set(204, "No Content");
        set(206, "Partial Content");
        set(301, "Moved Permanently");
        set(302, "Moved Temporarily");
        set(303, "See Other");
        set(304, "Not Modified");
        set(307, "Temporary Redirect");
        set(308, "Permanent Redirect");
        set(400, "Bad Request");
        set(401, "Unauthorized");
        set(402, "Payment Required");
        set(403, "Forbidden");
        set(404, "Not Found");
        set(405, "Not Allowed");
        set(406, "Not Acceptable");
        set(408, "Request Time-out");
        set(409, "Conflict");
        set(410, "Gone");
        set(411, "Length Required");
        set(412, "Precondition Failed");
        set(415, "Unsupported Media Type");
        set(421, "Misdirected Request");
        set(429, "Too Many Requests");
        set(500, "Internal Server Error");
        set(501, "Not Implemented");
        set(502, "Bad Gateway");
        set(503, "Service Temporarily Unavailable");
        set(504, "Gateway Time-out");
        set(505, "HTTP Version Not Supported");
        set(507, "Insufficient Storage");
        set(413, "Request Entity Too Large");
        set(414, "Request-URI Too Large");
        set(416, "Requested Range Not Satisfiable");
        set(494, "Request Header Too Large");
        set(495, "SSL Certificate Error");
        set(496, "SSL Certificate Required");
        set(497, "HTTP Request Sent to HTTPS Port");
        set(499, "Client Closed Request");
    }

    private StatusLines() { }

    private static void set(int code, String reason) { BY_CODE[code] = new HttpResponseStatus(code, reason); }

    public static HttpResponseStatus of(int code) {
        return code >= 100 && code < 600 ? BY_CODE[code] : HttpResponseStatus.valueOf(code);
    }
}

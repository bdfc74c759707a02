package dev.pier.http;

import dev.pier.Version;
import java.nio.charset.StandardCharsets;

/**
 * The built-in pages nginx sends for redirects and errors, byte for byte in nginx's layout (CRLF lines),
 * with "pier" where nginx names itself.
 */
public final class ErrorPages {
    private static final String TAIL_TOKENS = "<hr><center>" + Version.FULL + "</center>\r\n</body>\r\n</html>\r\n";
    private static final String TAIL_PLAIN = "<hr><center>" + Version.NAME + "</center>\r\n</body>\r\n</html>\r\n";

    private ErrorPages() { }

    /** Whether nginx has a built-in page for this status (it sends none for 1xx, 2xx, 304 and unknown codes). */
    public static boolean hasPage(int status) {
        return status >= 301 && status <= 308 && status != 304 || status >= 400 && status <= 599 && title(status) != null;
    }

    /** The page body for {@code status}; {@code serverTokens} adds the version as nginx's server_tokens does. */
    public static byte[] page(int status, boolean serverTokens) {
        String title = title(status);
        String head = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n";
        if (status == 494 || status == 495 || status == 496 || status == 497) {
            head = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n"
                    + "<center>" + detail(status) + "</center>\r\n";
        }
        return (head + (serverTokens ? TAIL_TOKENS : TAIL_PLAIN)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The status nginx sends on the wire for its internal codes (494..497 go out as 400). */
    public static int wireStatus(int status) {
        return status >= 494 && status <= 497 ? 400 : status;
    }

    private static String detail(int status) {
        return switch (status) {
            case 494 -> "Request Header Or Cookie Too Large";
            case 495 -> "The SSL certificate error";
            case 496 -> "No required SSL certificate was sent";
            case 497 -> "The plain HTTP request was sent to HTTPS port";
            default -> "";
        };
    }

    private static String title(int status) {
        if (status >= 494 && status <= 497) {
            return "400 " + detail(status);
        }
        // the only pages whose title is not the status line: ngx_http_error_302_page and _401_page
        if (status == 302) {
            return "302 Found";
        }
        if (status == 401) {
            return "401 Authorization Required";
        }
        String reason = StatusLines.of(status).reasonPhrase();
        return reason.isEmpty() ? null : status + " " + reason;
    }
}

package dev.pier.http;

/** Which error statuses end the connection, as nginx's ngx_http_special_response_handler decides. */
final class ErrorPolicy {
    private ErrorPolicy() { }

    static boolean closesConnection(int status) {
        return switch (status) {
            case 400, 413, 414, 494, 495, 496, 497, 500, 501 -> true;
            default -> false;
        };
    }
}

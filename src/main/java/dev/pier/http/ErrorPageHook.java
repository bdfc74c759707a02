package dev.pier.http;

/**
 * A level's {@code error_page} list as the request path sees it: whether a status has a page, and sending
 * it. {@link HttpExchange#sendError} asks it before nginx's built-in page; a proxy asks it through
 * {@link HttpExchange#interceptError} for {@code proxy_intercept_errors}.
 */
public interface ErrorPageHook {
    /** Whether an {@code error_page} of this level names {@code status}. */
    boolean covers(int status);

    /** {@code recursive_error_pages} of this level: when off, one error page per request. */
    boolean recursive();

    /** Sends the page for {@code status} (which {@link #covers}): internal redirect, named location or redirect. */
    void send(HttpExchange exchange, int status);
}

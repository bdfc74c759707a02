package dev.pier.http.errorpage;

/**
 * The pages one level's {@code error_page} directives name, by status (300..599). A status named twice keeps
 * its first page, as nginx's lookup stops at the first match. Filled while the level loads, read-only after.
 */
final class ErrorPageTable {
    private final ErrorPage[] byStatus = new ErrorPage[300];

    /** Adds {@code page} for {@code status} unless an earlier directive of the level named it. */
    void add(int status, ErrorPage page) {
        if (byStatus[status - 300] == null) {
            byStatus[status - 300] = page;
        }
    }

    ErrorPage find(int status) {
        return status >= 300 && status < 600 ? byStatus[status - 300] : null;
    }
}

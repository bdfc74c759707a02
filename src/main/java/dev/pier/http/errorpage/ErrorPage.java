package dev.pier.http.errorpage;

import dev.pier.variables.Template;

/**
 * One status of an {@code error_page} directive: where its page is ({@code /uri}, {@code @named} or a URL,
 * possibly with variables) and the status to answer with.
 *
 * @param overwrite the status from {@code =code}; 0 for a bare {@code =} (the page's own status); -1 without
 *        {@code =} (the error's status)
 * @param target the last argument as written
 * @param path for a constant {@code /uri?args}: the part before '?', else null
 * @param args for a constant {@code /uri?args}: the part after '?', else null
 */
record ErrorPage(int overwrite, Template target, String path, String args) {
}

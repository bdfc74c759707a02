package dev.pier.upstream;

/** How one attempt with a peer ended, as nginx's ngx_http_upstream_next tells the balancer. */
public enum AttemptResult {
    /** A response was taken (whatever its status, unless it made the proxy try the next peer). */
    OK,
    /** error, timeout, invalid_header, or a status listed in proxy_next_upstream other than 403/404: counts toward max_fails. */
    FAILED,
    /** A 403 or 404 that proxy_next_upstream passes on: the next peer is tried, but this one is not marked failed (NGX_PEER_NEXT). */
    NEXT
}

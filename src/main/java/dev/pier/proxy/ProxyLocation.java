package dev.pier.proxy;

import dev.pier.upstream.Upstream;
import dev.pier.variables.Template;

/**
 * What the proxy does in one location, merged and resolved at load: the target and its group, the timeouts,
 * and the switches of the proxy_* directives. The request path only reads it.
 *
 * @param upstream the group of a URL without variables; null when the URL has variables (chosen per request)
 * @param method {@code proxy_method}, or null for the client's method
 * @param headers the location's compiled header rules
 * @param resolver the location's {@code resolver}, for proxy_pass hosts from variables
 * @param tls the TLS towards upstreams when proxy_pass is https or has variables, else null
 * @param sslName {@code proxy_ssl_name}, or null for the host of proxy_pass
 */
record ProxyLocation(ProxyPass pass, Upstream upstream, boolean http11, long connectTimeout, long readTimeout,
                     long sendTimeout, boolean buffering, boolean requestBuffering, int bufferSize, long bufferedBytes,
                     boolean passRequestBody, boolean interceptErrors, NextUpstream nextUpstream, int nextUpstreamTries,
                     long nextUpstreamTimeout, boolean ignoreClientAbort, Template method, boolean socketKeepalive,
                     HeaderRules headers, dev.pier.proxy.resolve.ProxyResolver resolver, dev.pier.tls.UpstreamTls tls,
                     Template sslName) {
}

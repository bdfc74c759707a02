package dev.pier.proxy;

import dev.pier.variables.Template;

/**
 * A location's {@code proxy_pass}, parsed at load.
 *
 * @param url the URL as written ({@code http://backend/app/}); with variables, the template's source text
 * @param scheme "http" or "https"
 * @param hostText {@code $proxy_host}: host, with ":port" unless it is the scheme's default ("localhost" for unix sockets)
 * @param host the host or group name, lowercased; for unix sockets the socket path
 * @param port the port; the scheme's default when none is written
 * @param uri the URI part ({@code /app/}), or null when the URL has none (the request's URI is sent as is)
 * @param template non-null when the URL has variables: it is rendered and parsed per request
 * @param unix true for {@code http://unix:/path:} URLs
 */
public record ProxyPass(String url, String scheme, String hostText, String host, int port, String uri, Template template, boolean unix) {
    /** The location's proxy_pass (not inherited: a nested location without one does not proxy); null when none. */
    public static final dev.pier.config.ConfigKey<ProxyPass> KEY = dev.pier.config.ConfigKey.local("proxy_pass", null);

    public boolean hasVariables() { return template != null; }
}

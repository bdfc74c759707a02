package dev.pier.variables;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Basic credentials from an Authorization header, as nginx's ngx_http_auth_basic_user reads them:
 * {@code $remote_user}, and what {@code auth_basic} checks.
 */
public final class BasicAuth {
    private BasicAuth() { }

    /** The decoded user and password (ISO-8859-1 bytes as sent). */
    public record Credentials(String user, byte[] password) { }

    /** The part before ':' of the decoded credentials; null without Basic credentials, when they do not decode, or lack ':'. */
    public static String user(String authorization) {
        Credentials c = credentials(authorization);
        return c == null ? null : c.user();
    }

    /** The user and password; null without Basic credentials, when they do not decode, or lack ':'. */
    public static Credentials credentials(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        int i = 6;
        while (i < authorization.length() && authorization.charAt(i) == ' ') {
            i++;
        }
        if (i == authorization.length()) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(i).getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String credentials = new String(decoded, StandardCharsets.ISO_8859_1);
        int colon = credentials.indexOf(':');
        return colon < 0 ? null : new Credentials(credentials.substring(0, colon),
                java.util.Arrays.copyOfRange(decoded, colon + 1, decoded.length));
    }
}

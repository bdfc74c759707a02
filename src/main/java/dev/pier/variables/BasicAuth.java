package dev.pier.variables;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code $remote_user}: the user name of Basic credentials, as nginx's ngx_http_auth_basic_user reads them. */
final class BasicAuth {
    private BasicAuth() { }

    /** The part before ':' of the decoded credentials; null without Basic credentials, when they do not decode, or lack ':'. */
    static String user(String authorization) {
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
        return colon < 0 ? null : credentials.substring(0, colon);
    }
}

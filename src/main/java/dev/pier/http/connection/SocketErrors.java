package dev.pier.http.connection;

import java.io.IOException;

/** The text nginx logs for a failed socket call, from a Java exception: {@code writev() failed (32: Broken pipe)}. */
public final class SocketErrors {
    private SocketErrors() { }

    public static String describe(String call, Throwable t) {
        String m = String.valueOf(t.getMessage());
        String reason;
        if (m.contains("Broken pipe")) {
            reason = "32: Broken pipe";
        } else if (m.contains("reset by peer") || m.equals("Connection reset")) {   // the second is NIO's wording
            reason = "104: Connection reset by peer";
        } else if (m.contains("timed out")) {
            reason = "110: Connection timed out";
        } else {
            reason = t instanceof IOException ? m : t.toString();
        }
        return call + " failed (" + reason + ")";
    }
}

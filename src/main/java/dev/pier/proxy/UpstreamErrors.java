package dev.pier.proxy;

/** The errno text nginx prints for a failed socket call with an upstream, from a Java exception. */
final class UpstreamErrors {
    private UpstreamErrors() { }

    /** For connect(): {@code 111: Connection refused} and the like. */
    static String errno(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        if (m.contains("refused")) {
            return "111: Connection refused";
        }
        if (m.contains("No route")) {
            return "113: No route to host";
        }
        if (m.contains("unreachable")) {
            return "101: Network is unreachable";
        }
        if (m.contains("No such file")) {
            return "2: No such file or directory";
        }
        return m;
    }

    /** A failed read: {@code recv() failed (104: Connection reset by peer)}. */
    static String recv(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        return "recv() failed (" + (m.contains("reset by peer") ? "104: Connection reset by peer" : m) + ")";
    }
}

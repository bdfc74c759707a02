package dev.pier.upstream.health;

/**
 * How one probe ended.
 *
 * @param passed the response arrived and passed every test of the match
 * @param error the I/O failure in nginx's words ("connect() failed (111: Connection refused)"), or null when
 *     the exchange itself worked (a passed probe, or a response a test refused)
 * @param phase where it ended, as nginx's log lines say it: "connecting to upstream", "checking status code"
 * @param status the response's status, or -1 when none arrived
 */
record ProbeResult(boolean passed, String error, String phase, int status) {
    static ProbeResult passed(String phase, int status) {
        return new ProbeResult(true, null, phase, status);
    }

    static ProbeResult refused(String phase, int status) {
        return new ProbeResult(false, null, phase, status);
    }

    static ProbeResult failed(String error, String phase) {
        return new ProbeResult(false, error, phase, -1);
    }

    /** What the status view shows for a failed probe: the I/O error, or the test it failed. */
    String describe() {
        if (passed) {
            return null;
        }
        return error != null ? error + " while " + phase : "failed while " + phase + (status > 0 ? " (status " + status + ")" : "");
    }
}

package dev.pier.tls;

/** {@code ssl_verify_client}: whether a client certificate is asked for, and what a request needs of it. */
public enum VerifyClient {
    OFF, ON, OPTIONAL, OPTIONAL_NO_CA;

    static VerifyClient parse(String v) {
        return switch (v) {
            case "off" -> OFF;
            case "on" -> ON;
            case "optional" -> OPTIONAL;
            case "optional_no_ca" -> OPTIONAL_NO_CA;
            default -> null;
        };
    }
}

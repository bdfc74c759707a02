package dev.pier.tls;

/**
 * A TLS file or setting nginx would refuse when it builds its SSL contexts: the message is nginx's, without a
 * file:line (nginx reports these after the configuration is read), unless the load adds one.
 */
final class TlsConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TlsConfigException(String message) {
        super(message);
    }
}

package dev.pier.proxy.resolve;

import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;

/**
 * Why a name could not be resolved, with the text nginx writes to the error log (at error level) before
 * answering 502: {@code example.invalid could not be resolved (3: Host not found)}, or
 * {@code no resolver defined to resolve example.com} when the location has no {@code resolver}.
 */
public final class ResolveFailure extends Exception {
    private static final long serialVersionUID = 1L;
    /** nginx's NGX_RESOLVE_TIMEDOUT (NGX_ETIMEDOUT). */
    public static final int TIMED_OUT = 110;
    /** nginx's NGX_RESOLVE_NXDOMAIN, the DNS response code. */
    public static final int HOST_NOT_FOUND = 3;
    /** Not a DNS state: no resolver was configured. */
    public static final int NO_RESOLVER = -1;

    private final String host;
    private final int code;

    private ResolveFailure(String host, int code, String message) {
        super(message, null, false, false);
        this.host = host;
        this.code = code;
    }

    /** The name that was asked for. */
    public String host() { return host; }

    /** nginx's resolver state: a DNS response code (1 to 5), {@link #TIMED_OUT}, or {@link #NO_RESOLVER}. */
    public int code() { return code; }

    static ResolveFailure noResolver(String host) {
        return new ResolveFailure(host, NO_RESOLVER, "no resolver defined to resolve " + host);
    }

    static ResolveFailure timedOut(String host) {
        return of(host, TIMED_OUT);
    }

    static ResolveFailure of(String host, int code) {
        return new ResolveFailure(host, code, host + " could not be resolved (" + code + ": " + reason(code) + ")");
    }

    /** Maps what Netty's resolver failed with to nginx's state. */
    static ResolveFailure from(String host, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DnsErrorCauseException e) {
                return of(host, e.getCode().intValue());
            }
            if (t instanceof DnsNameResolverTimeoutException) {
                return timedOut(host);
            }
        }
        // an answer without an address of the families asked for: nginx reports the name as not found
        return of(host, HOST_NOT_FOUND);
    }

    /** ngx_resolver_strerror. */
    static String reason(int code) {
        return switch (code) {
            case 1 -> "Format error";
            case 2 -> "Server failure";
            case 3 -> "Host not found";
            case 4 -> "Unimplemented";
            case 5 -> "Operation refused";
            case TIMED_OUT -> "Operation timed out";
            default -> "Unknown error";
        };
    }
}

package dev.pier.http;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/**
 * One {@code listen} of a server: the socket address (wildcard when no address was given) and its flags.
 * Servers with equal addresses share one listening socket.
 */
public record Listen(InetSocketAddress address, boolean defaultServer, boolean reusePort, int backlog,
                     boolean ssl, boolean http2, boolean proxyProtocol) {

    /** nginx's text for this address, as {@code -T} and error messages print it: {@code 127.0.0.1:8080}, {@code 0.0.0.0:80}, {@code [::]:80}. */
    public String display() {
        String host = address.getAddress().isAnyLocalAddress()
                ? (address.getAddress() instanceof java.net.Inet6Address ? "[::]" : "0.0.0.0")
                : (address.getAddress() instanceof java.net.Inet6Address
                        ? "[" + NetUtil.toAddressString(address.getAddress()) + "]" : NetUtil.toAddressString(address.getAddress()));
        return host + ":" + address.getPort();
    }
}

package dev.pier.http.connection;

/**
 * The addresses a PROXY protocol header carried: the client's ({@code $proxy_protocol_addr},
 * {@code $proxy_protocol_port}) and the one it connected to ({@code $proxy_protocol_server_*}). Addresses are
 * text as nginx keeps them: a v1 header's as written, a v2 header's printed from its bytes.
 */
public record ProxyProtocolHeader(String sourceAddress, int sourcePort, String destinationAddress, int destinationPort) {
}

package dev.pier.upstream;

import java.util.List;

/**
 * One {@code server} line of an upstream block as read at load: its address text, the addresses it resolved
 * to (one peer each), and its parameters with nginx's defaults (weight=1 max_fails=1 fail_timeout=10).
 */
record ServerSpec(String address, List<UpstreamAddress.Resolved> addresses, int weight, int maxFails,
                  long failTimeoutSeconds, int maxConns, boolean backup, boolean down, long slowStartMillis) {
    ServerSpec {
        addresses = List.copyOf(addresses);
    }
}

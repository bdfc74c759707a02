package dev.pier.upstream;

import dev.pier.config.ConfigKey;
import dev.pier.config.Settings;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Finds the upstream groups a configuration defines, and makes the implicit group of a {@code proxy_pass}
 * that names a host instead of a group.
 */
public final class Upstreams {
    /**
     * The http block's {@code upstream} groups by name; set at http level while the block loads, so every
     * server and location sees all of them once the block is built, wherever in the file they were defined.
     */
    public static final ConfigKey<Map<String, Upstream>> GROUPS = ConfigKey.of("upstream", Map.of());

    private Upstreams() { }

    /** The {@code upstream} block named {@code name} (case-insensitive, as nginx), or null. */
    public static Upstream find(Settings settings, String name) {
        return settings.get(GROUPS).get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The group of a host's addresses, as nginx makes for {@code proxy_pass http://host:port} (round robin,
     * max_fails=1, fail_timeout=10s, no keepalive). {@code name} is the host[:port] text.
     */
    public static Upstream implicit(String name, List<? extends SocketAddress> addresses) {
        return UpstreamGroup.implicit(name, addresses);
    }
}

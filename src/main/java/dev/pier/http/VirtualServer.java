package dev.pier.http;

import dev.pier.config.Settings;
import dev.pier.http.location.Location;
import dev.pier.http.location.LocationTree;
import java.util.List;
import java.util.Map;

/**
 * One {@code server} block, frozen: where it listens, its names, its settings, its locations, the plan of
 * its server-level rewrite steps, and the location a URI gets when no {@code location} matches (the
 * server's own settings, as nginx uses the server's loc_conf then).
 */
public record VirtualServer(List<Listen> listens, List<String> names, Settings settings, LocationTree locations,
                            Map<String, Location> namedLocations, LocationPlan serverPlan, Location fallbackLocation,
                            String configuredName) {

    /** The primary name, {@code $server_name}: the first {@code server_name}, or "" as nginx. */
    public String primaryName() { return configuredName; }

    /** A location by name ({@code @fallback}), or null. */
    public Location named(String name) { return namedLocations.get(name); }
}

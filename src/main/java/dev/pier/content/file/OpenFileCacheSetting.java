package dev.pier.content.file;

/**
 * {@code open_file_cache max=N [inactive=time] | off} with {@code open_file_cache_valid},
 * {@code open_file_cache_min_uses} and {@code open_file_cache_errors} folded in at load. {@code max == 0} is off.
 */
record OpenFileCacheSetting(int max, long inactiveMillis, long validMillis, int minUses, boolean errors) {
    static final OpenFileCacheSetting OFF = new OpenFileCacheSetting(0, 0, 0, 1, false);

    boolean enabled() { return max > 0; }
}

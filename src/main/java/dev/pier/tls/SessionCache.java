package dev.pier.tls;

/**
 * {@code ssl_session_cache off | none | [builtin[:size]] [shared:name:size]}: whether sessions are kept for
 * resumption by session ID, and how many. {@code none} (nginx's default) and {@code off} keep none (tickets,
 * a separate setting, still resume).
 */
record SessionCache(boolean enabled, long sessions) {
    static final SessionCache NONE = new SessionCache(false, 0);
    /** nginx: builtin without a size holds 20480 sessions; "one megabyte of the shared cache can store about 4000 sessions". */
    private static final int BUILTIN_DEFAULT = 20480;

    /** Null when an argument is not one of nginx's forms. */
    static SessionCache parse(java.util.List<String> args) {
        if (args.size() == 1 && (args.get(0).equals("off") || args.get(0).equals("none"))) {
            return NONE;
        }
        long sessions = 0;
        for (String a : args) {
            if (a.equals("builtin")) {
                sessions += BUILTIN_DEFAULT;
            } else if (a.startsWith("builtin:")) {
                long n = dev.pier.config.ConfigValues.number(a.substring("builtin:".length()));
                if (n <= 0) {
                    return null;
                }
                sessions += n;
            } else if (a.startsWith("shared:")) {
                int colon = a.indexOf(':', "shared:".length());
                if (colon < 0 || colon == "shared:".length()) {
                    return null;
                }
                long size = dev.pier.config.ConfigValues.size(a.substring(colon + 1));
                if (size < 8 * 4096) {
                    return null;
                }
                sessions += Math.max(1, size * 4000 / (1024 * 1024));
            } else {
                return null;
            }
        }
        return new SessionCache(true, sessions);
    }
}

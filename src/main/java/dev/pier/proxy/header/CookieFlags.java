package dev.pier.proxy.header;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code proxy_cookie_flags cookie flag...} line: for the cookies it names (by a template compared ignoring
 * case, or a caseless regex), the flags to add or remove, as nginx 1.22's ngx_http_proxy_rewrite_cookie_flags.
 */
record CookieFlags(Template cookie, Pattern regex, List<Template> flags) {
    static final int SECURE_ON = 0x0002;
    static final int SECURE_OFF = 0x0004;
    static final int HTTPONLY_ON = 0x0010;
    static final int HTTPONLY_OFF = 0x0020;
    static final int SAMESITE_STRICT = 0x0080;
    static final int SAMESITE_LAX = 0x0100;
    static final int SAMESITE_NONE = 0x0200;
    static final int SAMESITE_OFF = 0x0400;

    /** The lines of a level: {@code off}, or the lines tried in order (the first naming the cookie applies). */
    record Rules(boolean off, List<CookieFlags> lines) {
        static final Rules OFF = new Rules(true, List.of());

        boolean active() { return !off && !lines.isEmpty(); }

        /** The flags of the first line naming cookie {@code name}, or 0. */
        int flagsFor(HttpExchange ex, String name) {
            for (CookieFlags line : lines) {
                if (line.names(ex, name)) {
                    return line.mask(ex);
                }
            }
            return 0;
        }
    }

    boolean names(HttpExchange ex, String name) {
        if (regex != null) {
            Matcher m = regex.matcher(name);
            if (!m.find()) {
                return false;
            }
            if (m.groupCount() > 0) {
                ex.captures(m.toMatchResult());
            }
            return true;
        }
        return cookie.render(ex).equalsIgnoreCase(name);
    }

    /** The flags rendered (they may hold variables); an empty or unknown one adds nothing, as nginx (a debug line there). */
    int mask(HttpExchange ex) {
        int mask = 0;
        for (Template t : flags) {
            mask |= bit(t.render(ex));
        }
        return mask;
    }

    /** A flag's bit; 0 for an unknown one. */
    static int bit(String flag) {
        return switch (flag.toLowerCase(Locale.ROOT)) {
            case "secure" -> SECURE_ON;
            case "nosecure" -> SECURE_OFF;
            case "httponly" -> HTTPONLY_ON;
            case "nohttponly" -> HTTPONLY_OFF;
            case "samesite=strict" -> SAMESITE_STRICT;
            case "samesite=lax" -> SAMESITE_LAX;
            case "samesite=none" -> SAMESITE_NONE;
            case "nosamesite" -> SAMESITE_OFF;
            default -> 0;
        };
    }

    /**
     * ngx_http_proxy_edit_cookie_flags on parsed attributes ({name, value-or-null}; a removed one gets a null
     * name): present flags are kept, changed or removed, missing ones that are "on" appended.
     */
    static void edit(List<String[]> attrs, int flags) {
        for (int i = 1; i < attrs.size(); i++) {
            String[] a = attrs.get(i);
            if (a[0] == null) {
                continue;
            }
            if (a[0].equalsIgnoreCase("secure")) {
                if ((flags & SECURE_ON) != 0) {
                    flags &= ~SECURE_ON;
                } else if ((flags & SECURE_OFF) != 0) {
                    a[0] = null;
                }
            } else if (a[0].equalsIgnoreCase("httponly")) {
                if ((flags & HTTPONLY_ON) != 0) {
                    flags &= ~HTTPONLY_ON;
                } else if ((flags & HTTPONLY_OFF) != 0) {
                    a[0] = null;
                }
            } else if (a[0].equalsIgnoreCase("samesite")) {
                if ((flags & SAMESITE_STRICT) != 0) {
                    flags &= ~SAMESITE_STRICT;
                    sameSite(a, "Strict");
                } else if ((flags & SAMESITE_LAX) != 0) {
                    flags &= ~SAMESITE_LAX;
                    sameSite(a, "Lax");
                } else if ((flags & SAMESITE_NONE) != 0) {
                    flags &= ~SAMESITE_NONE;
                    sameSite(a, "None");
                } else if ((flags & SAMESITE_OFF) != 0) {
                    a[0] = null;
                }
            }
        }
        if ((flags & SECURE_ON) != 0) {
            attrs.add(new String[] {"Secure", null});
        }
        if ((flags & HTTPONLY_ON) != 0) {
            attrs.add(new String[] {"HttpOnly", null});
        }
        if ((flags & SAMESITE_STRICT) != 0) {
            attrs.add(new String[] {"SameSite", "Strict"});
        } else if ((flags & SAMESITE_LAX) != 0) {
            attrs.add(new String[] {"SameSite", "Lax"});
        } else if ((flags & SAMESITE_NONE) != 0) {
            attrs.add(new String[] {"SameSite", "None"});
        }
    }

    /** An attribute already of the wanted value (any case) stays as written; another is spelled as nginx spells it. */
    private static void sameSite(String[] a, String value) {
        if (a[1] == null || !a[1].equalsIgnoreCase(value)) {
            a[0] = "SameSite";
            a[1] = value;
        }
    }
}

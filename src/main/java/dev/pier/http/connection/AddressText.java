package dev.pier.http.connection;

/**
 * An address as nginx prints it (ngx_sock_ntop, ngx_inet6_ntop): dotted IPv4; IPv6 with the longest run of
 * two or more zero groups as "::", lowercase hex, and an IPv4 tail for mapped (::ffff:a.b.c.d) and
 * compatible (::a.b.c.d) addresses, where Java would print hex groups.
 */
public final class AddressText {
    private AddressText() { }

    /** 4 or 16 address bytes as nginx's text. */
    public static String of(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int zero = -1;
        int last = -1;
        int max = 1;
        int n = 0;
        for (int i = 0; i < 16; i += 2) {
            if (a[i] != 0 || a[i + 1] != 0) {
                if (max < n) {
                    zero = last;
                    max = n;
                }
                n = 0;
                continue;
            }
            if (n++ == 0) {
                last = i;
            }
        }
        if (max < n) {
            zero = last;
            max = n;
        }
        StringBuilder sb = new StringBuilder(40);
        int end = 16;
        if (zero == 0) {
            if (max == 5 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff || max == 6
                    || max == 7 && a[14] != 0 && a[15] != 1) {
                end = 12;
            }
            sb.append(':');
        }
        for (int i = 0; i < end; i += 2) {
            if (i == zero) {
                sb.append(':');
                i += (max - 1) * 2;
                continue;
            }
            sb.append(Integer.toHexString((a[i] & 0xff) << 8 | a[i + 1] & 0xff));
            if (i < 14) {
                sb.append(':');
            }
        }
        if (end == 12) {
            sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.').append(a[14] & 0xff).append('.').append(a[15] & 0xff);
        }
        return sb.toString();
    }
}

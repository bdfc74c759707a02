package dev.pier.http;

/**
 * nginx's address parsers, ported for their exact leniencies: ngx_inet_addr ("1..2.3" is 1.0.2.3, no more than
 * three dots, octets up to 255), ngx_inet6_addr (no brackets, no zone, an IPv4 tail), ngx_ptocidr.
 */
public final class InetText {
    /** nginx's INADDR_NONE: what ngx_inet_addr answers for text that is not an address (and for 255.255.255.255). */
    public static final long NONE = 0xffffffffL;

    private InetText() { }

    /** ngx_inet_addr over {@code s[from, to)}: the address as an unsigned 32-bit number, or {@link #NONE}. */
    public static long inet4(String s, int from, int to) {
        long addr = 0;
        int octet = 0;
        int dots = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = octet * 10 + (c - '0');
                if (octet > 255) {
                    return NONE;
                }
                continue;
            }
            if (c == '.') {
                addr = (addr << 8) + octet;
                octet = 0;
                dots++;
                continue;
            }
            return NONE;
        }
        if (dots == 3) {
            return ((addr << 8) + octet) & 0xffffffffL;
        }
        return NONE;
    }

    /** ngx_inet6_addr over {@code s[from, to)}: 16 bytes, or null. */
    static byte[] inet6(String s, int from, int to) {
        int len = to - from;
        if (len == 0) {
            return null;
        }
        byte[] addr = new byte[16];
        int a = 0;
        int zero = -1;
        int digit = -1;
        int len4 = 0;
        int nibbles = 0;
        int word = 0;
        int n = 8;
        int p = from;
        if (s.charAt(p) == ':') {
            p++;
            len--;
        }
        for (; len > 0; len--) {
            char c = s.charAt(p++);
            if (c == ':') {
                if (nibbles != 0) {
                    digit = p;
                    len4 = len;
                    addr[a++] = (byte) (word >> 8);
                    addr[a++] = (byte) word;
                    if (--n != 0) {
                        nibbles = 0;
                        word = 0;
                        continue;
                    }
                } else if (zero < 0) {
                    digit = p;
                    len4 = len;
                    zero = a;
                    continue;
                }
                return null;
            }
            if (c == '.' && nibbles != 0) {
                if (n < 2 || digit < 0) {
                    return null;
                }
                long v4 = inet4(s, digit, digit + len4 - 1);
                if (v4 == NONE) {
                    return null;
                }
                word = (int) v4;
                addr[a++] = (byte) (word >>> 24);
                addr[a++] = (byte) (word >>> 16);
                n--;
                break;
            }
            if (++nibbles > 4) {
                return null;
            }
            if (c >= '0' && c <= '9') {
                word = word * 16 + (c - '0');
                continue;
            }
            c |= 0x20;
            if (c >= 'a' && c <= 'f') {
                word = word * 16 + (c - 'a') + 10;
                continue;
            }
            return null;
        }
        if (nibbles == 0 && zero < 0) {
            return null;
        }
        addr[a++] = (byte) (word >> 8);
        addr[a++] = (byte) word;
        if (--n != 0) {
            if (zero >= 0) {
                // move what follows "::" to the end, zeros in between
                int shift = n * 2;
                System.arraycopy(addr, zero, addr, zero + shift, a - zero);
                java.util.Arrays.fill(addr, zero, zero + shift, (byte) 0);
                return addr;
            }
        } else if (zero < 0) {
            return addr;
        }
        return null;
    }

    /** An address as ngx_parse_addr reads it: 4 bytes, 16 bytes, or null. */
    public static byte[] parse(String s) {
        long v4 = inet4(s, 0, s.length());
        if (v4 != NONE) {
            return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        }
        return inet6(s, 0, s.length());
    }

    /** A network: address bytes masked to {@code bits}; {@code lowBitsSet} when the text had host bits (nginx warns). */
    public record Cidr(byte[] address, int bits, boolean lowBitsSet) {
        /** Whether {@code a}, an address of the same family (4 or 16 bytes), lies in this network. */
        public boolean contains(byte[] a) {
            if (a.length != address.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                int keep = Math.min(8, Math.max(0, bits - i * 8));
                int mask = (0xff << (8 - keep)) & 0xff;
                if ((a[i] & mask) != (address[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The IPv4 address of ::ffff:a.b.c.d (16 bytes), else null. */
    public static byte[] v4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return null;
            }
        }
        if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
            return null;
        }
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    /** ngx_ptocidr, or null when nginx says {@code invalid network}. */
    public static Cidr cidr(String text) {
        int slash = text.indexOf('/');
        int end = slash < 0 ? text.length() : slash;
        byte[] addr;
        long v4 = inet4(text, 0, end);
        if (v4 != NONE) {
            addr = new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        } else {
            addr = inet6(text, 0, end);
            if (addr == null) {
                return null;
            }
        }
        int max = addr.length * 8;
        if (slash < 0) {
            return new Cidr(addr, max, false);
        }
        String digits = text.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int bits = Integer.parseInt(digits);
        if (bits > max) {
            return null;
        }
        boolean low = false;
        for (int i = 0; i < addr.length; i++) {
            int keep = Math.min(8, Math.max(0, bits - i * 8));
            int mask = (0xff << (8 - keep)) & 0xff;
            if ((addr[i] & ~mask & 0xff) != 0) {
                low = true;
                addr[i] &= (byte) mask;
            }
        }
        return new Cidr(addr, bits, low);
    }
}

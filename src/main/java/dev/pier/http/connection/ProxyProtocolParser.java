package dev.pier.http.connection;

import io.netty.buffer.ByteBuf;

/**
 * nginx 1.22's PROXY protocol reader (ngx_proxy_protocol_read) over the bytes received so far. Where nginx
 * reads the header from the first read alone, this one tells "not yet" ({@link #NEED_MORE}) from "broken", so
 * a header split over several reads is accepted; what nginx accepts or refuses in one read is the same here.
 * A v1 header: {@code PROXY TCP4|TCP6 src dst sport dport\r\n} (addresses of hex digits, '.' and ':', not
 * checked further) or {@code PROXY UNKNOWN ...\r\n}. A v2 header: the 12-byte signature, version 2, a
 * command, family and length; only PROXY over STREAM with INET or INET6 keeps addresses, TLVs are skipped.
 */
public final class ProxyProtocolParser {
    private static final byte[] V2_SIGNATURE = {'\r', '\n', '\r', '\n', 0, '\r', '\n', 'Q', 'U', 'I', 'T', '\n'};
    private static final int V2_HEADER = 16;

    /** What the bytes so far make. */
    public sealed interface Result { }

    /** A valid beginning: wait for more bytes. */
    public record NeedMore() implements Result { }

    /** The header is {@code length} bytes; {@code header} is null when it carries no addresses (UNKNOWN, LOCAL, ...). */
    public record Done(int length, ProxyProtocolHeader header) implements Result { }

    /**
     * Not a header: nginx closes the connection. {@code message} is what it logs at error level, null for
     * "broken header" (logged with the bytes received) and for the few cases it closes without a word.
     */
    public record Broken(String message, boolean silent) implements Result { }

    public static final Result NEED_MORE = new NeedMore();
    static final Broken BROKEN_HEADER = new Broken(null, false);
    private static final Broken SILENT = new Broken(null, true);

    private ProxyProtocolParser() { }

    /**
     * Reads {@code buf[from, to)} as nginx reads a header from a buffer of {@code limit} bytes
     * (client_header_buffer_size): once that many bytes or {@code eof} came, what would need more is broken
     * instead, as nginx judges its single read.
     */
    public static Result parse(ByteBuf buf, int from, int to, int limit, boolean eof) {
        boolean last = eof || to - from >= limit;
        to = Math.min(to, from + limit);
        int len = to - from;
        int sig = Math.min(len, V2_SIGNATURE.length);
        if (len > 0 && matches(buf, from, sig, V2_SIGNATURE)) {
            if (len >= V2_HEADER) {
                return v2(buf, from, to, limit, last);
            }
            if (!last) {
                return NEED_MORE;
            }
        }
        return v1(buf, from, to, last);
    }

    private static Result v1(ByteBuf b, int from, int to, boolean last) {
        Result more = last ? BROKEN_HEADER : NEED_MORE;
        int len = to - from;
        if (!matches(b, from, Math.min(len, 6), "PROXY ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return BROKEN_HEADER;
        }
        if (len < 8) {
            return more;
        }
        int p = from + 6;
        int avail = to - p;
        byte[] unknown = {'U', 'N', 'K', 'N', 'O', 'W', 'N'};
        if (avail >= 7 && matches(b, p, 7, unknown)) {
            // nginx skips to the first CRLF after UNKNOWN, whatever comes between
            for (int q = p + 7; q < to - 1; q++) {
                if (b.getByte(q) == '\r' && b.getByte(q + 1) == '\n') {
                    return new Done(q + 2 - from, null);
                }
            }
            return more;
        }
        if (avail < 7 && !last && matches(b, p, avail, unknown)) {
            return NEED_MORE;
        }
        // "TCP4 " or "TCP6 "
        for (int i = 0; i < Math.min(avail, 5); i++) {
            byte c = b.getByte(p + i);
            boolean ok = switch (i) {
                case 0 -> c == 'T';
                case 1 -> c == 'C';
                case 2 -> c == 'P';
                case 3 -> c == '4' || c == '6';
                default -> c == ' ';
            };
            if (!ok) {
                return BROKEN_HEADER;
            }
        }
        if (avail < 5) {
            return more;
        }
        p += 5;
        int[] cursor = {p};
        String src = address(b, cursor, to);
        if (src == null) {
            return cursor[0] < 0 ? BROKEN_HEADER : more;
        }
        String dst = address(b, cursor, to);
        if (dst == null) {
            return cursor[0] < 0 ? BROKEN_HEADER : more;
        }
        int srcPort = port(b, cursor, to, (byte) ' ');
        if (srcPort < 0) {
            return srcPort == -1 ? more : BROKEN_HEADER;
        }
        int dstPort = port(b, cursor, to, (byte) '\r');
        if (dstPort < 0) {
            return dstPort == -1 ? more : BROKEN_HEADER;
        }
        p = cursor[0];
        if (p == to) {
            return more;
        }
        if (b.getByte(p++) != '\n') {
            return BROKEN_HEADER;
        }
        return new Done(p - from, new ProxyProtocolHeader(src, srcPort, dst, dstPort));
    }

    /** ngx_proxy_protocol_read_addr: up to a space, hex digits, '.' and ':' only; null and cursor -1 when broken. */
    private static String address(ByteBuf b, int[] cursor, int to) {
        int start = cursor[0];
        int p = start;
        while (true) {
            if (p == to) {
                return null;
            }
            byte c = b.getByte(p++);
            if (c == ' ') {
                break;
            }
            if (c != ':' && c != '.' && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F') && !(c >= '0' && c <= '9')) {
                cursor[0] = -1;
                return null;
            }
        }
        cursor[0] = p;
        return b.toString(start, p - 1 - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * ngx_proxy_protocol_read_port: digits up to {@code sep} read with ngx_atoi, 0 to 65535. -1: more bytes are
     * needed; -2: broken (a byte that is no digit makes ngx_atoi fail whatever follows, so it fails at once).
     */
    private static int port(ByteBuf b, int[] cursor, int to, byte sep) {
        int p = cursor[0];
        long value = 0;
        int digits = 0;
        while (true) {
            if (p == to) {
                return -1;
            }
            byte c = b.getByte(p++);
            if (c == sep) {
                break;
            }
            if (c < '0' || c > '9') {
                return -2;
            }
            value = Math.min(value * 10 + (c - '0'), 1_000_000);
            digits++;
        }
        if (digits == 0 || value > 65535) {
            return -2;
        }
        cursor[0] = p;
        return (int) value;
    }

    private static Result v2(ByteBuf b, int from, int to, int limit, boolean last) {
        int versionCommand = b.getUnsignedByte(from + 12);
        int version = versionCommand >> 4;
        if (version != 2) {
            return new Broken("unknown PROXY protocol version: " + version, false);
        }
        int len = b.getUnsignedShort(from + 14);
        if (to - from - V2_HEADER < len) {
            // nginx's buffer cannot hold it: refused at once rather than after the client sends that much
            return last || V2_HEADER + len > limit ? new Broken("header is too large", false) : NEED_MORE;
        }
        int total = V2_HEADER + len;
        int command = versionCommand & 0x0f;
        int familyTransport = b.getUnsignedByte(from + 13);
        // only the PROXY command over STREAM keeps addresses; LOCAL, datagrams and other families are skipped
        if (command != 1 || (familyTransport & 0x0f) != 1) {
            return new Done(total, null);
        }
        int p = from + V2_HEADER;
        int size;
        switch (familyTransport >> 4) {
            case 1 -> size = 4;
            case 2 -> size = 16;
            default -> {
                return new Done(total, null);
            }
        }
        if (len < 2 * size + 4) {
            return SILENT;
        }
        byte[] src = new byte[size];
        byte[] dst = new byte[size];
        b.getBytes(p, src);
        b.getBytes(p + size, dst);
        int srcPort = b.getUnsignedShort(p + 2 * size);
        int dstPort = b.getUnsignedShort(p + 2 * size + 2);
        return new Done(total, new ProxyProtocolHeader(AddressText.of(src), srcPort, AddressText.of(dst), dstPort));
    }

    private static boolean matches(ByteBuf b, int at, int n, byte[] expected) {
        for (int i = 0; i < n; i++) {
            if (b.getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}

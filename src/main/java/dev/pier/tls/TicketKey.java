package dev.pier.tls;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One {@code ssl_session_ticket_key} file: 48 bytes (a 16-byte name, an AES-128 key, a 16-byte HMAC key) or
 * 80 bytes (name, a 32-byte HMAC key, an AES-256 key), laid out as nginx reads them. BoringSSL's ticket keys
 * are 16+16+16 bytes, so an 80-byte file uses the first half of each key: tickets still survive a reload and
 * are shared by every server given the same file, but are not readable by nginx's.
 */
record TicketKey(String name, String aesKey, String hmacKey) {

    /** Null when the file is not 48 or 80 bytes long. */
    static TicketKey of(byte[] b) {
        HexFormat hex = HexFormat.of();
        if (b.length == 48) {
            return new TicketKey(hex.formatHex(b, 0, 16), hex.formatHex(b, 16, 32), hex.formatHex(b, 32, 48));
        }
        if (b.length == 80) {
            return new TicketKey(hex.formatHex(b, 0, 16), hex.formatHex(b, 48, 64), hex.formatHex(b, 16, 32));
        }
        return null;
    }

    /** A key of this load's own, as OpenSSL makes one per context when no file is given. */
    static TicketKey random() {
        byte[] b = new byte[48];
        new java.security.SecureRandom().nextBytes(b);
        return of(b);
    }

    byte[] nameBytes() { return HexFormat.of().parseHex(name); }

    byte[] aesBytes() { return Arrays.copyOf(HexFormat.of().parseHex(aesKey), 16); }

    byte[] hmacBytes() { return Arrays.copyOf(HexFormat.of().parseHex(hmacKey), 16); }
}

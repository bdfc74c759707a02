package dev.pier.http.access;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.codec.digest.Crypt;
import org.apache.commons.codec.digest.Md5Crypt;

/**
 * A password against an {@code auth_basic_user_file} entry, as nginx's ngx_crypt: {@code $apr1$} (Apache's
 * MD5), {@code {PLAIN}}, {@code {SHA}}, {@code {SSHA}}, and what the system's crypt() reads: {@code $1$}
 * (MD5), {@code $5$}/{@code $6$} (SHA-256/512), {@code $2a$}/{@code $2b$}/{@code $2y$} (bcrypt, which
 * Debian's libxcrypt has) and traditional DES.
 */
final class PasswordHash {
    private PasswordHash() { }

    private static volatile boolean warm;

    /**
     * Loads and initializes every scheme's code once, off the event loops (at configuration load): the first
     * use of a digest or of the bcrypt library may take a while, and must not happen while a request waits.
     */
    static void warmUp() {
        if (warm) {
            return;
        }
        byte[] pw = {'x'};
        for (String hash : new String[] {"$apr1$abcdefgh$", "{SHA}", "{SSHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "$1$abcdefgh$", "$5$abcdefgh$",
                "$6$abcdefgh$", "ab", "$2y$04$abcdefghijklmnopqrstuu5ykMfq7ClrNXH0gW6zODJDgwRr8f9mG"}) {
            matches(pw, hash);
        }
        warm = true;
    }

    /** Schemes whose check takes milliseconds (many rounds): not for an event loop. */
    static boolean slow(String hash) {
        return hash.startsWith("$5$") || hash.startsWith("$6$") || hash.startsWith("$2");
    }

    /** True when {@code password} matches {@code hash}, false when not, null when the scheme cannot be computed (nginx: "crypt() failed"). */
    static Boolean matches(byte[] password, String hash) {
        try {
            if (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")) {
                return BCrypt.verifyer().verify(password, hash.getBytes(StandardCharsets.ISO_8859_1)).verified;
            }
            String computed;
            if (hash.startsWith("$apr1$")) {
                computed = Md5Crypt.apr1Crypt(password, hash);
            } else if (hash.startsWith("{PLAIN}")) {
                computed = "{PLAIN}" + new String(password, StandardCharsets.ISO_8859_1);
            } else if (hash.startsWith("{SHA}")) {
                computed = "{SHA}" + Base64.getEncoder().encodeToString(sha1(password, new byte[0]));
            } else if (hash.startsWith("{SSHA}")) {
                byte[] decoded = Base64.getDecoder().decode(hash.substring(6));
                if (decoded.length < 20) {
                    return false;
                }
                byte[] salt = java.util.Arrays.copyOfRange(decoded, 20, decoded.length);
                byte[] digest = sha1(password, salt);
                byte[] out = new byte[20 + salt.length];
                System.arraycopy(digest, 0, out, 0, 20);
                System.arraycopy(salt, 0, out, 20, salt.length);
                computed = "{SSHA}" + Base64.getEncoder().encodeToString(out);
            } else if (hash.startsWith("$1$") || hash.startsWith("$5$") || hash.startsWith("$6$") || !hash.startsWith("$")) {
                computed = Crypt.crypt(password, hash);
            } else {
                return null;   // $y$ (yescrypt) and the like: not computed here
            }
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.ISO_8859_1), hash.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;   // a salt crypt() refuses
        }
    }

    private static byte[] sha1(byte[] password, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(password);
            md.update(salt);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

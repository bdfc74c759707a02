package dev.pier.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ssl_certificate_key: the PEM forms OpenSSL's PEM_read_bio_PrivateKey reads — PKCS#8 ("PRIVATE KEY"),
 * PKCS#1 ("RSA PRIVATE KEY"), SEC1 ("EC PRIVATE KEY"), PKCS#8 encrypted with a passphrase ("ENCRYPTED
 * PRIVATE KEY") and OpenSSL's traditional encryption (Proc-Type/DEK-Info headers). Passphrases come from
 * ssl_password_file and are tried in turn, as nginx does.
 */
final class PrivateKeys {
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_OID = hex("06072a8648ce3d0201");
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PrivateKeys() { }

    static PrivateKey read(Path file, List<String> passwords) {
        String prefix = "cannot load certificate key \"" + file + "\": ";
        for (PemFiles.Block b : PemFiles.read(file, prefix)) {
            boolean encrypted = b.label().equals("ENCRYPTED PRIVATE KEY") || b.headers().contains("ENCRYPTED");
            if (!b.label().endsWith("PRIVATE KEY")) {
                continue;
            }
            if (!encrypted) {
                return decode(b.label(), b.der(), prefix);
            }
            for (String password : passwords) {
                byte[] der = decrypt(b, password);
                if (der != null) {
                    return decode(b.label().equals("ENCRYPTED PRIVATE KEY") ? "PRIVATE KEY" : b.label(), der, prefix);
                }
            }
            throw new TlsConfigException(prefix + "PEM_read_bio_PrivateKey() failed (SSL: error:1C800064:Provider routines::bad decrypt"
                    + (passwords.isEmpty() ? "" : " error:11800074:PKCS12 routines::pkcs12 cipherfinal error:maybe wrong password") + ")");
        }
        throw new TlsConfigException(prefix + "PEM_read_bio_PrivateKey() failed "
                + "(SSL: error:1E08010C:DECODER routines::unsupported:No supported data to decode. Input type: PEM)");
    }

    private static PrivateKey decode(String label, byte[] der, String prefix) {
        byte[] pkcs8 = switch (label) {
            case "RSA PRIVATE KEY" -> sequence(concat(hex("020100"), RSA_ALGORITHM, tlv(0x04, der)));
            case "EC PRIVATE KEY" -> sequence(concat(hex("020100"), sequence(concat(EC_OID, curveOf(der))), tlv(0x04, der)));
            default -> der;
        };
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        throw new TlsConfigException(prefix + "PEM_read_bio_PrivateKey() failed "
                + "(SSL: error:1E08010C:DECODER routines::unsupported:No supported data to decode. Input type: PEM)");
    }

    /** The DER of a key block decrypted with {@code password}, or null when it does not open it. */
    private static byte[] decrypt(PemFiles.Block b, String password) {
        try {
            if (b.label().equals("ENCRYPTED PRIVATE KEY")) {
                EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(b.der());
                String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
                SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
                Key key = factory.generateSecret(new PBEKeySpec(password.toCharArray()));
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, key, info.getAlgParameters());
                return info.getKeySpec(cipher).getEncoded();
            }
            return decryptTraditional(b, password);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** OpenSSL's traditional PEM encryption: the key is EVP_BytesToKey(MD5, passphrase, the IV's first 8 bytes). */
    private static byte[] decryptTraditional(PemFiles.Block b, String password) throws GeneralSecurityException {
        String dek = null;
        for (String line : b.headers().split("\\r?\\n")) {
            if (line.startsWith("DEK-Info: ")) {
                dek = line.substring("DEK-Info: ".length()).strip();
            }
        }
        if (dek == null) {
            return null;
        }
        String[] parts = dek.split(",");
        byte[] iv = HexFormat.of().parseHex(parts[1]);
        String name = parts[0].toUpperCase(java.util.Locale.ROOT);
        int keyLength;
        String transformation;
        String algorithm;
        switch (name) {
            case "AES-128-CBC" -> { keyLength = 16; transformation = "AES/CBC/PKCS5Padding"; algorithm = "AES"; }
            case "AES-192-CBC" -> { keyLength = 24; transformation = "AES/CBC/PKCS5Padding"; algorithm = "AES"; }
            case "AES-256-CBC" -> { keyLength = 32; transformation = "AES/CBC/PKCS5Padding"; algorithm = "AES"; }
            case "DES-EDE3-CBC" -> { keyLength = 24; transformation = "DESede/CBC/PKCS5Padding"; algorithm = "DESede"; }
            default -> { return null; }
        }
        byte[] key = bytesToKey(password.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(iv, 8), keyLength);
        Cipher cipher = Cipher.getInstance(transformation);
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, algorithm), new IvParameterSpec(iv));
        return cipher.doFinal(b.der());
    }

    private static byte[] bytesToKey(byte[] password, byte[] salt, int length) throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] previous = new byte[0];
        while (out.size() < length) {
            md5.update(previous);
            md5.update(password);
            md5.update(salt);
            previous = md5.digest();
            out.writeBytes(previous);
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    /** The named-curve OID in a SEC1 ECPrivateKey's [0] parameters. */
    private static byte[] curveOf(byte[] sec1) {
        int[] pos = {0};
        Der.expect(sec1, pos, 0x30);
        Der.length(sec1, pos);
        while (pos[0] < sec1.length) {
            int tag = sec1[pos[0]++] & 0xff;
            int len = Der.length(sec1, pos);
            if (tag == 0xa0) {
                return Arrays.copyOfRange(sec1, pos[0], pos[0] + len);
            }
            pos[0] += len;
        }
        throw new IllegalArgumentException("EC key without named curve");
    }

    private static byte[] sequence(byte[] content) { return tlv(0x30, content); }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) { return HexFormat.of().parseHex(s); }

    /** The little DER reading the key formats need. */
    static final class Der {
        private Der() { }

        static void expect(byte[] b, int[] pos, int tag) {
            if ((b[pos[0]++] & 0xff) != tag) {
                throw new IllegalArgumentException("unexpected DER tag");
            }
        }

        static int length(byte[] b, int[] pos) {
            int first = b[pos[0]++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int n = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                n = n << 8 | b[pos[0]++] & 0xff;
            }
            return n;
        }
    }
}

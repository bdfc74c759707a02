package dev.pier.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** ssl_stapling_file: a DER OCSP response (as {@code openssl ocsp -respout} writes), read at load and checked for its outer form. */
final class OcspFiles {
    private OcspFiles() { }

    static byte[] read(Path file) {
        byte[] der;
        try {
            der = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsConfigException("BIO_new_file(\"" + file + "\") failed (SSL: " + PemFiles.openError(file, e).replace(", r)", ", rb)") + ")");
        }
        if (!isOcspResponse(der)) {
            throw new TlsConfigException("d2i_OCSP_RESPONSE_bio(\"" + file + "\") failed (SSL: error:068000A8:asn1 encoding routines::wrong tag "
                    + "error:0688010A:asn1 encoding routines::nested asn1 error:Type=OCSP_RESPONSE)");
        }
        return der;
    }

    /** OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ... OPTIONAL } (RFC 6960 §4.2.1). */
    private static boolean isOcspResponse(byte[] der) {
        try {
            int[] pos = {0};
            PrivateKeys.Der.expect(der, pos, 0x30);
            int length = PrivateKeys.Der.length(der, pos);
            return pos[0] + length == der.length && (der[pos[0]] & 0xff) == 0x0a;
        } catch (RuntimeException e) {
            return false;
        }
    }
}

package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ssl_* directives' load errors in nginx's words, each also run through {@code nginx -t} 1.22 when it is
 * installed. In the cases "F" is the configuration file (the http block's content starts on line 3), "P" the test
 * PKI's directory, and "SRV" a server with an ssl listen on line 3. nginx reads ticket key files when it merges the
 * server and names the line where the http block ends (4 here); Pier names the directive's line.
 */
class TlsConfigTest {
    static final TestPki PKI = TestPki.get();
    static final String CERT = "ssl_certificate P/site-rsa.crt; ssl_certificate_key P/site-rsa.key;";

    @TempDir Path dir;

    private Path write(String http) throws IOException {
        Path conf = dir.resolve("pier.conf");
        Files.writeString(conf, "events {}\nhttp {\n" + http.replace("SRV", "server { listen 127.0.0.1:18999 ssl;")
                .replace("P", PKI.file("").toString().replaceAll("/$", "")) + "\n}\n");
        return conf;
    }

    private PierConfig load(String http) throws IOException {
        return Modules.load(dir, write(http), null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "no certificate      | SRV }                                                     | no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in F:3",
        "no key              | SRV ssl_certificate P/site-rsa.crt; }                     | no \"ssl_certificate_key\" is defined for certificate \"P/site-rsa.crt\"",
        "missing certificate | SRV ssl_certificate P/none.crt; ssl_certificate_key P/site-rsa.key; } | cannot load certificate \"P/none.crt\": BIO_new_file() failed (SSL: error:80000002:system library::No such file or directory:calling fopen(P/none.crt, r) error:10000080:BIO routines::no such file)",
        "missing key         | SRV ssl_certificate P/site-rsa.crt; ssl_certificate_key P/none.key; } | cannot load certificate key \"P/none.key\": BIO_new_file() failed (SSL: error:80000002:system library::No such file or directory:calling fopen(P/none.key, r) error:10000080:BIO routines::no such file)",
        "key as certificate  | SRV ssl_certificate P/site-rsa.key; ssl_certificate_key P/site-rsa.key; } | cannot load certificate \"P/site-rsa.key\": PEM_read_bio_X509_AUX() failed (SSL: error:0480006C:PEM routines::no start line:Expecting: TRUSTED CERTIFICATE)",
        "certificate as key  | SRV ssl_certificate P/site-rsa.crt; ssl_certificate_key P/site-rsa.crt; } | cannot load certificate key \"P/site-rsa.crt\": PEM_read_bio_PrivateKey() failed (SSL: error:1E08010C:DECODER routines::unsupported:No supported data to decode. Input type: PEM)",
        "key mismatch        | SRV ssl_certificate P/site-rsa.crt; ssl_certificate_key P/b.key; } | SSL_CTX_use_PrivateKey(\"P/b.key\") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)",
        "bad protocol        | SRV CERT ssl_protocols TLSv1.2 TLSv9; }                   | invalid value \"TLSv9\" in F:3",
        "bad ciphers         | SRV CERT ssl_ciphers FOO; }                               | SSL_CTX_set_cipher_list(\"FOO\") failed (SSL: error:0A0000B9:SSL routines::no cipher match)",
        "bad curve           | SRV CERT ssl_ecdh_curve foo; }                            | SSL_CTX_set1_curves_list(\"foo\") failed (SSL: error:0A080106:SSL routines::passed invalid argument:group 'foo' cannot be set)",
        "verify without CA   | SRV CERT ssl_verify_client on; }                          | no ssl_client_certificate for ssl_verify_client",
        "bad verify value    | SRV CERT ssl_verify_client foo; }                         | invalid value \"foo\" in F:3",
        "bad session cache   | SRV CERT ssl_session_cache foo; }                         | invalid session cache \"foo\" in F:3",
        "shared without size | SRV CERT ssl_session_cache shared:SSL; }                  | invalid session cache \"shared:SSL\" in F:3",
        "builtin bad size    | SRV CERT ssl_session_cache builtin:x; }                   | invalid session cache \"builtin:x\" in F:3",
        "missing ticket key  | SRV CERT ssl_session_ticket_key P/none.key; }             | open() \"P/none.key\" failed (2: No such file or directory) in F:3",
        "short ticket key    | SRV CERT ssl_session_ticket_key P/pw.txt; }               | \"P/pw.txt\" must be 48 or 80 bytes in F:3",
        "missing dhparam     | SRV CERT ssl_dhparam P/none.pem; }                        | BIO_new_file(\"P/none.pem\") failed (SSL: error:80000002:system library::No such file or directory:calling fopen(P/none.pem, r) error:10000080:BIO routines::no such file)",
        "bad dhparam         | SRV CERT ssl_dhparam P/ca.crt; }                          | PEM_read_bio_DHparams(\"P/ca.crt\") failed (SSL: error:0480006C:PEM routines::no start line:Expecting: DH PARAMETERS)",
        "missing client CA   | SRV CERT ssl_client_certificate P/none.crt; ssl_verify_client on; } | SSL_CTX_load_verify_locations(\"P/none.crt\") failed (SSL: error:80000002:system library::No such file or directory:calling fopen(P/none.crt, r) error:10000080:BIO routines::no such file error:05880002:x509 certificate routines::system lib)",
        "client CA not a CA  | SRV CERT ssl_client_certificate P/site-rsa.key; ssl_verify_client on; } | SSL_CTX_load_verify_locations(\"P/site-rsa.key\") failed (SSL: error:05800088:x509 certificate routines::no certificate or crl found)",
        "bad crl             | SRV CERT ssl_client_certificate P/ca.crt; ssl_verify_client on; ssl_crl P/site-rsa.key; } | X509_LOOKUP_load_file(\"P/site-rsa.key\") failed (SSL: error:05800088:x509 certificate routines::no certificate or crl found)",
        "bad depth           | SRV CERT ssl_verify_depth x; }                            | \"ssl_verify_depth\" directive invalid number in F:3",
        "missing passwords   | SRV CERT ssl_password_file P/none.txt; }                  | open() \"P/none.txt\" failed (2: No such file or directory) in F:3",
        "bad flag            | SRV CERT ssl_reject_handshake maybe; }                    | invalid value \"maybe\" in \"ssl_reject_handshake\" directive, it must be \"on\" or \"off\" in F:3",
        "missing stapling    | SRV CERT ssl_stapling on; ssl_stapling_file P/none.der; } | BIO_new_file(\"P/none.der\") failed (SSL: error:80000002:system library::No such file or directory:calling fopen(P/none.der, rb) error:10000080:BIO routines::no such file)",
        "bad stapling file   | SRV CERT ssl_stapling on; ssl_stapling_file P/ca.crt; } | d2i_OCSP_RESPONSE_bio(\"P/ca.crt\") failed (SSL: error:068000A8:asn1 encoding routines::wrong tag error:0688010A:asn1 encoding routines::nested asn1 error:Type=OCSP_RESPONSE)",
        "duplicate ciphers   | SRV CERT ssl_ciphers HIGH; ssl_ciphers HIGH; }            | \"ssl_ciphers\" directive is duplicate in F:3",
        "ssl in location     | SRV CERT location / { ssl_ciphers HIGH; } }               | \"ssl_ciphers\" directive is not allowed here in F:3",
    })
    void nginxErrors(String name, String http, String expected) throws IOException {
        String pki = PKI.file("").toString().replaceAll("/$", "");
        String text = http.replace("CERT", CERT);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(text));
        assertThat(e).as("expected an error").isNotNull();
        Path conf = dir.resolve("pier.conf");
        String want = expected.replace("F:", conf + ":").replace("P/", pki + "/");
        assertThat(e.getMessage()).isEqualTo(want);
        if (NginxOracle.available()) {
            List<String> nginx = NginxOracle.configTest(dir, conf);
            String nginxWant = name.contains("ticket key") ? want.replace(conf + ":3", conf + ":4") : want;
            assertThat(nginx).as("nginx -t").contains("[emerg] " + nginxWant);
        }
    }

    @Test void aValidTlsServerLoadsWithoutWarnings() throws IOException {
        PierConfig c = load("SRV CERT ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers HIGH:!aNULL:!MD5; ssl_prefer_server_ciphers on;"
                .replace("CERT", CERT) + " ssl_session_cache shared:SSL:10m; ssl_session_timeout 1h; ssl_session_tickets on;"
                + " ssl_buffer_size 4k; ssl_verify_depth 2; ssl_early_data off; }");
        assertThat(c.warnings()).isEmpty();
        assertThat(c.part(TlsServers.class)).isNotNull();
    }

    @Test void earlyDataOnIsAcceptedWithAWarning() throws IOException {
        PierConfig c = load(("SRV CERT ssl_early_data on; }").replace("CERT", CERT));
        assertThat(c.warnings()).singleElement().asString().startsWith("\"ssl_early_data\" is not supported yet and is ignored");
    }
}

package dev.pier.differential;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends raw request bytes on a fresh connection and reads responses: as many as the case expects, or
 * until the server closes or goes quiet. What the client saw last (closed, timed out) is part of the answer.
 */
final class RawExchange {
    private static final int QUIET_MILLIS = 1500;

    private RawExchange() { }

    /** The responses read, then a last pseudo-line saying how the exchange ended when fewer came than expected. */
    static Answer exchange(int port, byte[] request, int expected, boolean headRequest) {
        return exchange(port, request, expected, headRequest, null);
    }

    /** {@link #exchange(int, byte[], int, boolean)} over TLS when {@code tls} is not null (the handshake's failure is the answer). */
    static Answer exchange(int port, byte[] request, int expected, boolean headRequest, DifferentialCase.TlsClient tls) {
        List<RawResponse> responses = new ArrayList<>();
        String ending;
        try (Socket s = tls == null ? new Socket("127.0.0.1", port) : tlsSocket(port, tls)) {
            s.setSoTimeout(QUIET_MILLIS);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] data = new byte[16384];
            int length = 0;
            int parsedTo = 0;
            boolean eof = false;
            ending = "open";
            while (responses.size() < expected) {
                RawResponse.Parsed p = RawResponse.parse(data, parsedTo, length, eof, headRequest);
                if (p != null) {
                    responses.add(p.response());
                    parsedTo = p.end();
                    continue;
                }
                if (eof) {
                    ending = "closed";
                    break;
                }
                if (length == data.length) {
                    data = Arrays.copyOf(data, data.length * 2);
                }
                int n;
                try {
                    n = in.read(data, length, data.length - length);
                } catch (SocketTimeoutException e) {
                    ending = "timeout";
                    break;
                } catch (IOException e) {
                    n = -1;          // reset by the peer: what arrived is the answer
                }
                if (n < 0) {
                    eof = true;
                } else {
                    length += n;
                }
            }
            if (responses.size() < expected && parsedTo < length) {
                // bytes that are no response (an HTTP/0.9-style answer passed on as it came) are part of the answer
                ending += " with unparsed bytes \"" + new String(data, parsedTo, length - parsedTo, StandardCharsets.ISO_8859_1)
                        .replace("\r", "\\r").replace("\n", "\\n") + "\"";
            }
        } catch (IOException e) {
            ending = "error " + e.getMessage();
        }
        return new Answer(responses, responses.size() < expected ? ending : "");
    }

    private static Socket tlsSocket(int port, DifferentialCase.TlsClient tls) throws IOException {
        Socket plain = new Socket("127.0.0.1", port);
        plain.setSoTimeout(QUIET_MILLIS);
        SSLSocket ssl = (SSLSocket) dev.pier.tls.TestPki.get().trustingClient(tls.clientCertificate()).getSocketFactory()
                .createSocket(plain, "127.0.0.1", port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setProtocols(new String[] {tls.protocol()});
        params.setCipherSuites(new String[] {tls.cipher()});
        params.setServerNames(tls.serverName() == null ? List.of() : List.of(new SNIHostName(tls.serverName())));
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    /** Responses in order, and how the connection ended when it ended early ("" when all came). */
    record Answer(List<RawResponse> responses, String ending) { }
}

package dev.pier.differential;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends raw request bytes on a fresh connection and reads responses: as many as the case expects, or
 * until the server closes or goes quiet. What the client saw last (closed, timed out) is part of the answer.
 */
final class RawExchange {
    private static final int QUIET_MILLIS = 1500;

    private RawExchange() { }

    /** The responses read, then a last pseudo-line saying how the exchange ended when fewer came than expected. */
    static Answer exchange(int port, byte[] request, int expected, boolean headRequest) {
        List<RawResponse> responses = new ArrayList<>();
        String ending;
        try (Socket s = new Socket("127.0.0.1", port)) {
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

    /** Responses in order, and how the connection ended when it ended early ("" when all came). */
    record Answer(List<RawResponse> responses, String ending) { }
}

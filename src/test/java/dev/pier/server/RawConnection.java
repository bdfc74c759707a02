package dev.pier.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A client socket that speaks HTTP/1.1 byte by byte: writes what it is told, reads responses one at a time. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    /** One response as received: status line, head, body. */
    record Response(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    RawConnection(int port) {
        this(port, 0);
    }

    RawConnection(int port, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawConnection send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response (Content-Length framed, or none for 1xx, 204, 304). */
    Response read() {
        try {
            String head = readHead();
            if (head == null) {
                throw new AssertionError("connection closed before a response");
            }
            int status = Integer.parseInt(head.substring(9, 12));
            Response partial = new Response(status, head, "");
            String length = partial.header("Content-Length");
            if (status < 200 || status == 204 || status == 304 || length == null) {
                return partial;
            }
            byte[] body = in.readNBytes(Integer.parseInt(length));
            return new Response(status, head, new String(body, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** True if the server closed the connection (EOF or reset) within {@code millis}, with no more bytes sent. */
    boolean closedWithin(int millis) {
        try {
            socket.setSoTimeout(millis);
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("unexpected data: " + (char) b + new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and counts bytes until EOF or {@code millis} of silence. */
    long drain(int millis) {
        long total = 0;
        byte[] buf = new byte[65536];
        try {
            socket.setSoTimeout(millis);
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            // silence or reset: what arrived is counted
        }
        return total;
    }

    Socket socket() { return socket; }

    @Override public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}

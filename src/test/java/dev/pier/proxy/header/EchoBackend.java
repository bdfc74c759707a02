package dev.pier.proxy.header;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small upstream for the tests: it answers each request with the head it received (request line and header
 * lines, byte for byte) as the body, and with the response header lines the request's query asks for
 * ({@code h=Name:%20value}, repeatable, in order; {@code s=302} for the status), plus its own Content-Length
 * and {@code Connection: close}.
 */
final class EchoBackend implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;

    EchoBackend() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "echo-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() { return socket.getLocalPort(); }

    /** The status and header lines the backend sends for a request target (its query), framing lines included. */
    static Reply reply(String target, int bodyLength) {
        int status = 200;
        List<String[]> headers = new ArrayList<>();
        int q = target.indexOf('?');
        if (q >= 0) {
            for (String param : target.substring(q + 1).split("&")) {
                int eq = param.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String value = URLDecoder.decode(param.substring(eq + 1), StandardCharsets.ISO_8859_1);
                switch (param.substring(0, eq)) {
                    case "h" -> {
                        int colon = value.indexOf(':');
                        headers.add(new String[] {value.substring(0, colon), value.substring(colon + 1).strip()});
                    }
                    case "s" -> status = Integer.parseInt(value);
                    default -> { }
                }
            }
        }
        headers.add(new String[] {"Content-Length", Integer.toString(bodyLength)});
        headers.add(new String[] {"Connection", "close"});
        return new Reply(status, headers);
    }

    record Reply(int status, List<String[]> headers) { }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "echo-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void serve(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            }
            byte[] body = head.toByteArray();
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String target = text.substring(text.indexOf(' ') + 1, text.indexOf(' ', text.indexOf(' ') + 1));
            Reply reply = reply(target, body.length);
            StringBuilder out = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(" Test\r\n");
            for (String[] h : reply.headers()) {
                out.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            out.append("\r\n");
            OutputStream os = s.getOutputStream();
            os.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
            os.write(body);
            os.flush();
        } catch (IOException e) {
            // the proxy went away: nothing to answer
        }
    }

    @Override public void close() throws IOException {
        socket.close();
    }
}

package dev.pier.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same upstream blocks in real nginx (one worker, proxying to three backends it serves itself) and in Pier's
 * balancers: for the same keys, client networks and request order, both choose the same peer.
 */
class NginxParityTest {
    private static final int[] BACKENDS = {NginxOracle.freePort(), NginxOracle.freePort(), NginxOracle.freePort()};
    private static final int PORT = NginxOracle.freePort();
    /** Nothing listens there: connections are refused, attempts fail. */
    private static final int DEAD = NginxOracle.freePort();
    private static NginxOracle nginx;

    @TempDir static Path dir;

    private static String servers(String... weights) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append(" server 127.0.0.1:").append(BACKENDS[i]).append(weights[i]).append(";");
        }
        return sb.toString();
    }

    private static String upstreams() {
        String weighted = servers(" weight=3", " weight=2", "");
        return "upstream h { hash $arg_k;" + weighted + " }\n"
                + "upstream c { hash $arg_k consistent;" + weighted + " }\n"
                + "upstream i { ip_hash;" + weighted + " }\n"
                + "upstream r {" + servers(" weight=5", "", "") + " }\n"
                + "upstream l { least_conn;" + servers(" weight=5", "", "") + " }\n"
                + "upstream f { server 127.0.0.1:" + DEAD + " weight=3 max_fails=3;" + servers("", " weight=2", "") + " }\n";
    }

    @BeforeAll static void start() throws Exception {
        assumeTrue(NginxOracle.available());
        StringBuilder http = new StringBuilder(upstreams());
        for (int i = 0; i < 3; i++) {
            http.append("server { listen 127.0.0.1:").append(BACKENDS[i]).append("; return 200 \"127.0.0.1:")
                    .append(BACKENDS[i]).append("\"; }\n");
        }
        http.append("server { listen 127.0.0.1:").append(PORT).append(";");
        for (String u : List.of("h", "c", "i", "r", "l", "f")) {
            http.append(" location /").append(u).append(" { proxy_pass http://").append(u).append("; }");
        }
        http.append(" }\n");
        nginx = NginxOracle.start(http.toString(), PORT);
    }

    @AfterAll static void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String nginxPick(String path, String clientAddress) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(clientAddress), 0));
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UpstreamGroup pier(String name) {
        Map<String, Upstream> groups = Groups.load(dir, upstreams());
        return (UpstreamGroup) groups.get(name);
    }

    private static void sameChoicesForKeys(String name) {
        UpstreamGroup g = pier(name);
        List<String> fromNginx = new ArrayList<>();
        List<String> fromPier = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            String key = "key" + k * 7919;
            fromNginx.add(nginxPick("/" + name + "?k=" + key, "127.0.0.1"));
            fromPier.add(Groups.pick(g, key, AttemptResult.OK));
        }
        assertThat(fromPier).isEqualTo(fromNginx);
    }

    @Test void hashPicksAsNginx() {
        sameChoicesForKeys("h");
    }

    @Test void consistentHashPicksAsNginx() {
        sameChoicesForKeys("c");
    }

    @Test void ipHashPicksAsNginx() {
        UpstreamGroup g = pier("i");
        List<String> fromNginx = new ArrayList<>();
        List<String> fromPier = new ArrayList<>();
        for (int net = 0; net < 120; net++) {
            // 127.0.N.9 and 127.0.N.200 share a /24: the same peer
            String client = "127.0." + (net * 2) + "." + (net % 2 == 0 ? 9 : 200);
            fromNginx.add(nginxPick("/i", client));
            Attempts a = g.start(null, new byte[] {127, 0, (byte) (net * 2)}, null);
            UpstreamPeer p = a.next();
            a.done(p, AttemptResult.OK, 1, 1);
            fromPier.add(p.name());
        }
        assertThat(fromPier).isEqualTo(fromNginx);
    }

    @Test void roundRobinSequenceAsNginx() {
        sameSequence("r");
    }

    @Test void leastConnWithoutLoadIsNginxsRoundRobinSequence() {
        sameSequence("l");
    }

    @Test void failuresRetriesAndLoweredWeightsAsNginx() {
        UpstreamGroup g = pier("f");
        List<String> fromNginx = new ArrayList<>();
        List<String> fromPier = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            fromNginx.add(nginxPick("/f", "127.0.0.1"));
            // the refused peer fails, nginx passes the request to the next one (proxy_next_upstream error)
            Attempts a = g.start(null, null, null);
            String answered = null;
            for (UpstreamPeer p = a.next(); p != null && answered == null; p = answered == null ? a.next() : null) {
                boolean dead = p.name().endsWith(":" + DEAD);
                a.done(p, dead ? AttemptResult.FAILED : AttemptResult.OK, dead ? -1 : 1, dead ? -1 : 1);
                answered = dead ? null : p.name();
            }
            fromPier.add(answered);
        }
        assertThat(fromPier).isEqualTo(fromNginx);
        assertThat(((Peer) g.peers().get(0)).fails()).isEqualTo(3);
    }

    private static void sameSequence(String name) {
        UpstreamGroup g = pier(name);
        List<String> fromNginx = new ArrayList<>();
        List<String> fromPier = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            fromNginx.add(nginxPick("/" + name, "127.0.0.1"));
            fromPier.add(Groups.pick(g, null, AttemptResult.OK));
        }
        String a = "127.0.0.1:" + BACKENDS[0];
        String b = "127.0.0.1:" + BACKENDS[1];
        String c = "127.0.0.1:" + BACKENDS[2];
        assertThat(fromNginx.subList(0, 7)).containsExactly(a, a, b, a, c, a, a);
        assertThat(fromPier).isEqualTo(fromNginx);
    }
}

package dev.pier.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.Modules;
import dev.pier.Version;
import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential suite: every scenario's config served by nginx and by Pier, every case sent to both,
 * the answers compared as {@link ResponseView}s. One dynamic test per request. Every difference (known or
 * not) is also written with both answers to {@code target/differential-report.txt}.
 */
class DifferentialTest {
    private static final Path REPORT = Path.of("target/differential-report.txt");
    private static final Pattern FILE_PLACEHOLDER = Pattern.compile("@(ETAG|LASTMOD):([^@]+)@");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @BeforeAll static void requireNginx() throws IOException {
        Assumptions.assumeTrue(NginxOracle.available(), "nginx is not installed at " + NginxOracle.BINARY
                + ": the differential suite needs it (apt-get install nginx-light)");
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "");
    }

    private static List<Scenario> scenarios() {
        return List.of(VirtualServerCases.scenario(), LocationCases.scenario(), ReturnCases.scenario(),
                StaticFileCases.scenario(), ProtocolCases.scenario(), ErrorPageCases.scenario(), HeaderCases.scenario(),
                MapCases.scenario(), RewriteCases.scenario(),
                VariableCases.scenario(), ProxyCases.scenario(), ProxyHeaderCases.scenario(), RealIpCases.scenario(),
                ProxyProtocolCases.scenario(), UpgradeCases.scenario(),
                ProxyPassCases.scenario(), AccessCases.scenario(), AuthCases.scenario(),
                TlsCases.scenario());
    }

    /** A known difference whose case was renamed or removed would otherwise stay listed forever. */
    @Test void everyKnownDifferenceNamesACase() {
        Set<String> names = new HashSet<>();
        for (Scenario s : scenarios()) {
            s.cases().forEach(c -> names.add(s.name() + " / " + c.name()));
        }
        assertThat(names).containsAll(KnownDifferences.EXPECTED_MISMATCHES.keySet());
    }

    @TestFactory Stream<DynamicNode> virtualServers() { return run(VirtualServerCases.scenario()); }

    @TestFactory Stream<DynamicNode> locations() { return run(LocationCases.scenario()); }

    @TestFactory Stream<DynamicNode> returns() { return run(ReturnCases.scenario()); }

    @TestFactory Stream<DynamicNode> staticFiles() { return run(StaticFileCases.scenario()); }

    @TestFactory Stream<DynamicNode> protocol() { return run(ProtocolCases.scenario()); }

    @TestFactory Stream<DynamicNode> errorPages() { return run(ErrorPageCases.scenario()); }

    @TestFactory Stream<DynamicNode> headers() { return run(HeaderCases.scenario()); }

    @TestFactory Stream<DynamicNode> maps() { return run(MapCases.scenario()); }

    @TestFactory Stream<DynamicNode> rewrites() { return run(RewriteCases.scenario()); }

    @TestFactory Stream<DynamicNode> variables() { return run(VariableCases.scenario()); }

    @TestFactory Stream<DynamicNode> proxy() { return run(ProxyCases.scenario()); }

    @TestFactory Stream<DynamicNode> proxyPass() { return run(ProxyPassCases.scenario()); }

    @TestFactory Stream<DynamicNode> proxyHeaders() { return run(ProxyHeaderCases.scenario()); }

    @TestFactory Stream<DynamicNode> realIp() { return run(RealIpCases.scenario()); }

    @TestFactory Stream<DynamicNode> proxyProtocol() { return run(ProxyProtocolCases.scenario()); }

    @TestFactory Stream<DynamicNode> upgrades() { return run(UpgradeCases.scenario()); }

    @TestFactory Stream<DynamicNode> access() { return run(AccessCases.scenario()); }

    @TestFactory Stream<DynamicNode> auth() { return run(AuthCases.scenario()); }

    @TestFactory Stream<DynamicNode> tls() { return run(TlsCases.scenario()); }

    private static Stream<DynamicNode> run(Scenario scenario) {
        ServerPair pair;
        try {
            pair = ServerPair.start(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<DynamicNode> tests = scenario.cases().stream()
                .<DynamicNode>map(c -> DynamicTest.dynamicTest(c.name(), () -> check(scenario, pair, c)))
                .toList();
        return Stream.<DynamicNode>of(DynamicContainer.dynamicContainer(scenario.name(), tests)).onClose(pair::close);
    }

    private static void check(Scenario scenario, ServerPair pair, DifferentialCase c) {
        ResponseView.Identity nginxId = new ResponseView.Identity("nginx/1.22.1", "nginx", pair.nginxPort);
        ResponseView.Identity pierId = new ResponseView.Identity(Version.FULL, Version.NAME, pair.pierPort);
        String nginx = ResponseView.render(RawExchange.exchange(pair.nginxPort, bytes(c, pair, pair.nginxPort), c.responses(),
                c.headRequest(), c.tls()), nginxId, c.headRequest());
        if (ServerPair.nginxOnly()) {
            report(scenario, c, "nginx only", nginx, "(not run)\n");
            return;
        }
        String pier = ResponseView.render(RawExchange.exchange(pair.pierPort, bytes(c, pair, pair.pierPort), c.responses(),
                c.headRequest(), c.tls()), pierId, c.headRequest());
        String why = scenario.knownDifference(c.name());
        if (!nginx.equals(pier)) {
            report(scenario, c, why, nginx, pier);
        }
        if (why == null) {
            assertThat(pier).as("Pier's answer to %s differs from nginx's", c.name()).isEqualTo(nginx);
        } else {
            assertThat(pier).as("known difference (%s) now matches nginx: remove \"%s / %s\" from KnownDifferences",
                    why, scenario.name(), c.name()).isNotEqualTo(nginx);
        }
    }

    private static byte[] bytes(DifferentialCase c, ServerPair pair, int port) {
        Matcher m = FILE_PLACEHOLDER.matcher(pair.backends(c.request()).replace("@PORT@", Integer.toString(port)));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(fileValue(pair.prefix.resolve(m.group(2)), m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** nginx's ETag ("mtime-size" in hex) and Last-Modified for a file. */
    private static String fileValue(Path file, String what) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            long mtime = a.lastModifiedTime().toInstant().getEpochSecond();
            return what.equals("ETAG") ? "\"" + Long.toHexString(mtime) + "-" + Long.toHexString(a.size()) + "\""
                    : HTTP_DATE.format(Instant.ofEpochSecond(mtime));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortened(String text) {
        return text.length() <= 300 ? text : text.substring(0, 150) + "...(" + text.length() + " chars)..." + text.substring(text.length() - 100);
    }

    private static synchronized void report(Scenario scenario, DifferentialCase c, String why, String nginx, String pier) {
        String text = "=== " + scenario.name() + " / " + c.name() + (why == null ? "" : "   [known: " + why + "]") + "\n"
                + "request: " + shortened(c.request().replace("\r\n", "\\r\\n")) + "\n"
                + "--- nginx:\n" + nginx + "--- pier:\n" + pier + "\n";
        try {
            Files.writeString(REPORT, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

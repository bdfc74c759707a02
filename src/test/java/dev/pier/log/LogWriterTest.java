package dev.pier.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread: a bounded queue that drops instead of waiting, buffers, flush timers, gzip members, syslog. */
class LogWriterTest {
    @TempDir Path dir;

    private static byte[] line(String s) { return (s + "\n").getBytes(StandardCharsets.ISO_8859_1); }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test void aStalledSinkNeverBlocksSubmitAndDropsAreCounted() throws Exception {
        LogWriter writer = new LogWriter(4, "test-log-writer");
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LogSink stuck = (path, l) -> {
            stalled.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        writer.submit(stuck, null, line("first"));
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (writer.submit(stuck, null, line("more " + i))) {
                accepted++;
            }
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        assertThat(accepted).isEqualTo(4);
        assertThat(writer.dropped()).isEqualTo(96);
        release.countDown();
        await(() -> writer.written() == 5);
    }

    @Test void unbufferedLinesAreWrittenAtOnce() throws Exception {
        LogWriter writer = new LogWriter(16, "test-log-writer");
        FileSink sink = new FileSink(dir.resolve("a.log"), 0, 0, 0);
        writer.register(sink);
        writer.submit(sink, null, line("one"));
        writer.submit(sink, null, line("two"));
        await(() -> read(dir.resolve("a.log")).equals("one\ntwo\n"));
    }

    @Test void aBurstFromSeveralThreadsIsWrittenWholeAndInEachThreadsOrder() throws Exception {
        LogWriter writer = new LogWriter(1 << 16, "test-log-writer");
        FileSink sink = new FileSink(dir.resolve("burst.log"), 0, 0, 0);
        writer.register(sink);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5000; i++) {
                    writer.submit(sink, null, line(id + " " + i));
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        await(() -> writer.written() == 20_000);
        writer.flushAll(5_000);
        java.util.List<String> lines = Files.readAllLines(dir.resolve("burst.log"));
        assertThat(lines).hasSize(20_000);
        int[] next = new int[threads.length];
        for (String l : lines) {
            String[] parts = l.split(" ");
            int id = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).isEqualTo(next[id]++);
        }
        assertThat(writer.dropped()).isZero();
    }

    @Test void aBufferWaitsUntilFullOrFlushTime() throws Exception {
        LogWriter writer = new LogWriter(16, "test-log-writer");
        FileSink full = new FileSink(dir.resolve("full.log"), 8, 0, 0);
        FileSink timed = new FileSink(dir.resolve("timed.log"), 1024, TimeUnit.MILLISECONDS.toNanos(1500), 0);
        writer.register(full);
        writer.register(timed);
        writer.submit(full, null, line("1234"));
        writer.submit(timed, null, line("abc"));
        Thread.sleep(100);
        assertThat(read(dir.resolve("full.log"))).isEmpty();
        assertThat(read(dir.resolve("timed.log"))).isEmpty();
        writer.submit(full, null, line("5678"));   // does not fit behind the first: the first goes out
        await(() -> read(dir.resolve("full.log")).equals("1234\n"));
        await(() -> read(dir.resolve("timed.log")).equals("abc\n"));
        writer.flushAll(2000);
        assertThat(read(dir.resolve("full.log"))).isEqualTo("1234\n5678\n");
    }

    @Test void gzipWritesOneMemberPerFlushThatZcatReadsWhole() throws Exception {
        LogWriter writer = new LogWriter(16, "test-log-writer");
        Path file = dir.resolve("z.log.gz");
        FileSink sink = new FileSink(file, 64 * 1024, 0, 5);
        writer.register(sink);
        writer.submit(sink, null, line("first member"));
        writer.flushAll(2000);
        writer.submit(sink, null, line("second member"));
        writer.flushAll(2000);
        byte[] raw = Files.readAllBytes(file);
        int members = 0;
        for (int i = 0; i + 1 < raw.length; i++) {
            if ((raw[i] & 0xff) == 0x1f && (raw[i + 1] & 0xff) == 0x8b && raw[i + 2] == 8) {
                members++;
            }
        }
        assertThat(members).isEqualTo(2);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("first member\nsecond member\n");
        }
        if (Files.isExecutable(Path.of("/usr/bin/zcat")) || Files.isExecutable(Path.of("/bin/zcat"))) {
            Process p = new ProcessBuilder("zcat", file.toString()).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            assertThat(p.waitFor()).isZero();
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("first member\nsecond member\n");
        }
    }

    @Test void reopenStartsANewFileAfterRotation() throws Exception {
        LogWriter writer = new LogWriter(16, "test-log-writer");
        Path file = dir.resolve("r.log");
        FileSink sink = new FileSink(file, 0, 0, 0);
        writer.register(sink);
        writer.submit(sink, null, line("before"));
        await(() -> read(file).equals("before\n"));
        Files.move(file, dir.resolve("r.log.1"));
        writer.reopenAll();
        writer.flushAll(2000);
        writer.submit(sink, null, line("after"));
        await(() -> read(file).equals("after\n"));
        assertThat(read(dir.resolve("r.log.1"))).isEqualTo("before\n");
    }

    @Test void syslogSendsRfc3164LinesOverUdp() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            int port = socket.getLocalPort();
            Syslog plain = Syslog.parse("syslog:server=127.0.0.1:" + port);
            Syslog tagged = Syslog.parse("syslog:server=127.0.0.1:" + port + ",facility=local0,severity=error,tag=abc,nohostname");
            LogWriter writer = new LogWriter(16, "test-log-writer");
            writer.submit(plain.sink(), null, line("{\"x\":\"\"}"));
            assertThat(receive(socket)).matches("<190>[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\S+ nginx: \\{\"x\":\"\"\\}");
            writer.submit(tagged.sink(), null, line("hello"));
            assertThat(receive(socket)).matches("<131>[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d abc: hello");
        }
    }

    @Test void syslogParametersAreCheckedInNginxWords() {
        assertThat(error("syslog:server=127.0.0.1:99999")).isEqualTo("invalid port in syslog server \"127.0.0.1:99999\"");
        assertThat(error("syslog:foo=1")).isEqualTo("unknown syslog parameter \"foo=1\"");
        assertThat(error("syslog:server=127.0.0.1,facility=xx")).isEqualTo("unknown syslog facility \"xx\"");
        assertThat(error("syslog:server=127.0.0.1,severity=xx")).isEqualTo("unknown syslog severity \"xx\"");
        assertThat(error("syslog:tag=a-b,server=127.0.0.1")).isEqualTo("syslog \"tag\" only allows alphanumeric characters and underscore");
        assertThat(error("syslog:nohostname")).isEqualTo("no syslog server specified");
    }

    private static String error(String spec) {
        try {
            Syslog.parse(spec);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected bytes copied from nginx 1.22's autoindex output for the same entries. */
class ListingFormatsTest {
    private static final long T = 1795428983L; // 23-Nov-2026 10:16:23 UTC

    @Test void htmlColumnsTruncationAndEscaping() {
        List<DirectoryEntry> entries = List.of(
                new DirectoryEntry("sub", DirectoryEntry.Type.DIRECTORY, 4096, T),
                new DirectoryEntry("a name&<x>.txt", DirectoryEntry.Type.FILE, 3, T),
                new DirectoryEntry("this-is-a-very-long-file-name-that-exceeds-fifty-characters-for-sure.txt", DirectoryEntry.Type.FILE, 2, T));
        String html = ListingFormats.html("/dir/", entries, true, ZoneOffset.UTC);
        assertThat(html).isEqualTo("<html>\r\n<head><title>Index of /dir/</title></head>\r\n<body>\r\n<h1>Index of /dir/</h1><hr><pre><a href=\"../\">../</a>\r\n"
                + "<a href=\"sub/\">sub/</a>                                               23-Nov-2026 10:16                   -\r\n"
                + "<a href=\"a%20name%26%3Cx%3E.txt\">a name&amp;&lt;x&gt;.txt</a>                                     23-Nov-2026 10:16                   3\r\n"
                + "<a href=\"this-is-a-very-long-file-name-that-exceeds-fifty-characters-for-sure.txt\">this-is-a-very-long-file-name-that-exceeds-fift..&gt;</a> 23-Nov-2026 10:16                   2\r\n"
                + "</pre><hr></body>\r\n</html>\r\n");
    }

    @Test void localtimeShiftsTheDate() {
        List<DirectoryEntry> entries = List.of(new DirectoryEntry("f", DirectoryEntry.Type.FILE, 1, T));
        assertThat(ListingFormats.html("/", entries, true, java.time.ZoneId.of("Asia/Tokyo")))
                .contains("23-Nov-2026 19:16 ");
    }

    @Test void humanSizes() {
        assertThat(ListingFormats.humanSize(0)).isEqualTo("      0");
        assertThat(ListingFormats.humanSize(9999)).isEqualTo("   9999");
        assertThat(ListingFormats.humanSize(10000)).isEqualTo("    10K");
        assertThat(ListingFormats.humanSize(10752)).isEqualTo("    11K");
        assertThat(ListingFormats.humanSize(2500000)).isEqualTo("     2M");
        assertThat(ListingFormats.humanSize(1024L * 1024 * 1024 + 600L * 1024 * 1024)).isEqualTo("     2G");
    }

    @Test void jsonAndXml() {
        List<DirectoryEntry> entries = List.of(
                new DirectoryEntry("sp ace", DirectoryEntry.Type.DIRECTORY, 0, T),
                new DirectoryEntry("a\"b&<.txt", DirectoryEntry.Type.FILE, 3, T));
        assertThat(ListingFormats.json(entries)).isEqualTo("[\r\n"
                + "{ \"name\":\"sp ace\", \"type\":\"directory\", \"mtime\":\"Mon, 23 Nov 2026 10:16:23 GMT\" },\r\n"
                + "{ \"name\":\"a\\\"b&<.txt\", \"type\":\"file\", \"mtime\":\"Mon, 23 Nov 2026 10:16:23 GMT\", \"size\":3 }\r\n]");
        assertThat(ListingFormats.json(List.of())).isEqualTo("[\r\n]");
        assertThat(ListingFormats.xml(entries)).isEqualTo("<?xml version=\"1.0\"?>\r\n<list>\r\n"
                + "<directory mtime=\"2026-11-23T10:16:23Z\">sp ace</directory>\r\n"
                + "<file mtime=\"2026-11-23T10:16:23Z\" size=\"3\">a&quot;b&amp;&lt;.txt</file>\r\n</list>\r\n");
    }
}

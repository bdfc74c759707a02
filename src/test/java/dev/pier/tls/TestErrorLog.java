package dev.pier.tls;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The process's error log, sent to a file of the test class at info for its duration, as nginx's error lines are checked. */
public final class TestErrorLog implements BeforeAllCallback, AfterAllCallback {
    private ErrorLog previous;
    private Path file;

    @Override public void beforeAll(ExtensionContext context) throws IOException {
        previous = ErrorLog.get();
        file = Files.createTempDirectory("pier-tls-log").resolve("error.log");
        ErrorLog.install(file, LogLevel.INFO);
    }

    @Override public void afterAll(ExtensionContext context) {
        ErrorLog.use(previous);
    }

    /** What was logged so far (after a short wait for lines of connections still closing). */
    public String text() {
        try {
            Thread.sleep(200);
            ErrorLog.get().flush();
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

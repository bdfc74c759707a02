package dev.pier.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.config.PierConfig;
import dev.pier.testing.ConfigLoad;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker_shutdown_timeout}: its value and its errors, worded as {@code nginx -t} 1.22 words them. */
class WorkerShutdownTimeoutTest {
    @TempDir Path dir;

    private PierConfig load(String text) {
        return new ConfigLoad(dir).load(text);
    }

    private String error(String text) {
        return new ConfigLoad(dir).error(text);
    }

    @Test void defaultIsToWaitForEver() {
        assertThat(load("events {}\n").main().get(MainModule.WORKER_SHUTDOWN_TIMEOUT)).isEqualTo(-1L);
    }

    @Test void takesNginxTimes() {
        assertThat(load("worker_shutdown_timeout 10s;\nevents {}\n").main().get(MainModule.WORKER_SHUTDOWN_TIMEOUT)).isEqualTo(10_000L);
        assertThat(load("worker_shutdown_timeout 5;\nevents {}\n").main().get(MainModule.WORKER_SHUTDOWN_TIMEOUT)).isEqualTo(5_000L);
        assertThat(load("worker_shutdown_timeout \"1m 30s\";\nevents {}\n").main().get(MainModule.WORKER_SHUTDOWN_TIMEOUT)).isEqualTo(90_000L);
        assertThat(load("worker_shutdown_timeout 250ms;\nevents {}\n").main().get(MainModule.WORKER_SHUTDOWN_TIMEOUT)).isEqualTo(250L);
    }

    @Test void errorsAreNginxs() {
        assertThat(error("worker_shutdown_timeout abc;\nevents {}\n"))
                .isEqualTo("\"worker_shutdown_timeout\" directive invalid value in F:1");
        assertThat(error("worker_shutdown_timeout 1s 1s;\nevents {}\n"))
                .isEqualTo("invalid number of arguments in \"worker_shutdown_timeout\" directive in F:1");
        assertThat(error("worker_shutdown_timeout 1s;\nworker_shutdown_timeout 2s;\nevents {}\n"))
                .isEqualTo("\"worker_shutdown_timeout\" directive is duplicate in F:2");
        assertThat(error("events {}\nhttp { worker_shutdown_timeout 1s; }\n"))
                .isEqualTo("\"worker_shutdown_timeout\" directive is not allowed here in F:2");
    }
}

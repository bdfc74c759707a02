package dev.pier.http.access;

import dev.pier.core.LogLevel;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.variables.BasicAuth;
import dev.pier.variables.Template;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * nginx's auth_basic handler: the request's Basic credentials against the user file. Cheap hashes are checked
 * on the event loop; many-round ones (SHA-crypt, bcrypt) and a file not read yet go to a small pool, and the
 * answer comes back on the loop.
 */
final class AuthBasic {
    /** Outcomes, as the access phase counts them. */
    static final int DECLINED = -1;
    static final int OK = 0;

    private static final ExecutorService POOL = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4096), r -> {
                Thread t = new Thread(r, "pier-auth");
                t.setDaemon(true);
                return t;
            });

    private final Template realm;
    private final Template userFile;
    /** The configuration's directory: a relative user file is read from there, as nginx reads it. */
    private final Path prefix;

    AuthBasic(Template realm, Template userFile, Path confDir) {
        this.realm = realm;
        this.userFile = userFile;
        this.prefix = confDir;
    }

    /** Reads a user file named without variables now, at load, so requests find it parsed. */
    void preload() {
        PasswordHash.warmUp();
        if (userFile.isConstant()) {
            UserFile f = UserFile.of(prefix.resolve(userFile.render(null)));
            if (!f.loaded()) {
                f.read();
            }
        }
    }

    /**
     * Checks the request; the result ({@link #OK}, {@link #DECLINED}, 401, 403 or 500) goes to {@code done},
     * now or later on the request's event loop. A 401 has set the challenge on the exchange.
     */
    void check(HttpExchange ex, IntConsumer done) {
        String realmText = realm.render(ex);
        if (realmText.equals("off")) {
            done.accept(DECLINED);
            return;
        }
        BasicAuth.Credentials credentials = BasicAuth.credentials(ex.request().headers().get("Authorization"));
        if (credentials == null) {
            RequestLog.log(LogLevel.INFO, ex, "no user/password was provided for basic authentication");
            done.accept(challenge(ex, realmText));
            return;
        }
        UserFile file = UserFile.of(prefix.resolve(userFile.render(ex)));
        if (!file.loaded()) {
            offLoop(ex, done, () -> {
                file.read();
                return -2;   // read: look up on the loop
            }, again -> lookUp(ex, file, credentials, realmText, done));
            return;
        }
        lookUp(ex, file, credentials, realmText, done);
    }

    private void lookUp(HttpExchange ex, UserFile file, BasicAuth.Credentials credentials, String realmText, IntConsumer done) {
        UserFile.Lookup found = file.lookup(credentials.user(), POOL);
        if (found.failure() != 0) {
            RequestLog.log(found.failure() == 403 ? LogLevel.ERROR : LogLevel.CRIT, ex,
                    "open() \"" + file.path() + "\" failed (" + found.errorText() + ")");
            done.accept(found.failure());
            return;
        }
        if (found.hash() == null) {
            RequestLog.error(ex, "user \"" + credentials.user() + "\" was not found in \"" + file.path() + "\"");
            done.accept(challenge(ex, realmText));
            return;
        }
        String hash = found.hash();
        if (!PasswordHash.slow(hash)) {
            done.accept(verdict(ex, credentials, hash, realmText, PasswordHash.matches(credentials.password(), hash)));
            return;
        }
        offLoop(ex, done, () -> {
            Boolean m = PasswordHash.matches(credentials.password(), hash);
            return m == null ? 2 : m ? 1 : 0;
        }, code -> done.accept(verdict(ex, credentials, hash, realmText, code == 2 ? null : code == 1)));
    }

    private static int verdict(HttpExchange ex, BasicAuth.Credentials credentials, String hash, String realmText, Boolean matches) {
        if (matches == null) {
            RequestLog.log(LogLevel.CRIT, ex, "crypt() failed");
            return 500;
        }
        if (matches) {
            return OK;
        }
        RequestLog.error(ex, "user \"" + credentials.user() + "\": password mismatch");
        return challenge(ex, realmText);
    }

    /** nginx's ngx_http_auth_basic_set_realm: the challenge goes with the 401 (and any error page for it). */
    private static int challenge(HttpExchange ex, String realmText) {
        ex.challenge("Basic realm=\"" + realmText + "\"");
        return 401;
    }

    /** Runs {@code work} on the pool and hands its result to {@code then} on the request's event loop; 500 when the pool is full. */
    private static void offLoop(HttpExchange ex, IntConsumer done, java.util.function.IntSupplier work, IntConsumer then) {
        var loop = ex.channelContext().executor();
        try {
            POOL.execute(() -> {
                int result = work.getAsInt();
                loop.execute(() -> then.accept(result));
            });
        } catch (RejectedExecutionException e) {
            RequestLog.log(LogLevel.CRIT, ex, "too many basic authentication checks waiting");
            done.accept(500);
        }
    }
}

package dev.pier.http.connection;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one timer of a connection, run on its event loop, as nginx keeps one timer per connection event:
 * arming it again only moves a deadline, so a keep-alive connection does not schedule a task per request.
 * A task scheduled for an earlier deadline than the current one re-schedules itself for the rest.
 *
 * @param <K> what the timer is waiting for (header, body, send, keep-alive...)
 */
public final class ConnectionTimer<K> {
    private final EventExecutor loop;
    private final Consumer<K> onExpiry;
    private ScheduledFuture<?> task;
    private long taskDeadline;
    private long deadline;
    private K kind;

    public ConnectionTimer(EventExecutor loop, Consumer<K> onExpiry) {
        this.loop = loop;
        this.onExpiry = onExpiry;
    }

    /** Waits {@code millis} for {@code kind}, replacing whatever the timer waited for before. */
    public void arm(K kind, long millis) {
        this.kind = kind;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (task != null && taskDeadline - deadline > 0) {
            task.cancel(false);
            task = null;
        }
        if (task == null) {
            schedule(deadline);
        }
    }

    /** What the timer waits for, or null. */
    public K kind() { return kind; }

    /** Stops waiting; the scheduled task, if any, stays until it runs or {@link #stop} (it is cheaper than a cancel per request). */
    public void cancel() { kind = null; }

    /** Cancels everything: the connection is gone. */
    public void stop() {
        kind = null;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void schedule(long at) {
        taskDeadline = at;
        task = loop.schedule(this::run, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void run() {
        task = null;
        if (kind == null) {
            return;
        }
        if (deadline - System.nanoTime() > 0) {
            schedule(deadline);
            return;
        }
        K expired = kind;
        kind = null;
        onExpiry.accept(expired);
    }
}

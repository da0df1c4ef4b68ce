package dev.sfu.core.sctp;

import java.util.function.LongSupplier;

/**
 * One timer of the association (T1, T2, T3-rtx, delayed SACK, heartbeat, RE-CONFIG) over an
 * {@link SctpTimer} that cannot cancel: the slot keeps its deadline and at most one wake-up pending
 * (a second only when the deadline moves earlier than it); a wake-up that finds the deadline gone or
 * later is stale and ignored or re-armed. Confined to the association's thread.
 */
final class TimerSlot {
    private static final long NONE = Long.MIN_VALUE;

    private final SctpTimer timer;
    private final LongSupplier clock;
    private final Runnable onExpiry;
    private long deadline = NONE;
    private long wakeupAt = NONE;

    TimerSlot(SctpTimer timer, LongSupplier clock, Runnable onExpiry) {
        this.timer = timer;
        this.clock = clock;
        this.onExpiry = onExpiry;
    }

    /** (Re)starts the timer to fire {@code delayNanos} from now. */
    void start(long delayNanos) {
        deadline = clock.getAsLong() + Math.max(0, delayNanos);
        arm();
    }

    void startIfStopped(long delayNanos) {
        if (!running()) {
            start(delayNanos);
        }
    }

    void stop() {
        deadline = NONE;
    }

    boolean running() {
        return deadline != NONE;
    }

    private void arm() {
        if (wakeupAt == NONE || deadline - wakeupAt < 0) {
            long at = deadline;
            wakeupAt = at;
            timer.schedule(() -> wake(at), Math.max(0, at - clock.getAsLong()));
        }
    }

    private void wake(long scheduledFor) {
        if (scheduledFor == wakeupAt) {
            wakeupAt = NONE;
        }
        if (deadline == NONE) {
            return;
        }
        if (clock.getAsLong() - deadline >= 0) {
            deadline = NONE;
            onExpiry.run();
        } else {
            arm();
        }
    }
}

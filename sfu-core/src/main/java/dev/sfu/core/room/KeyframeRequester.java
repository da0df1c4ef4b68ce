package dev.sfu.core.room;

import dev.sfu.core.time.MonotonicClock;
import java.util.concurrent.TimeUnit;

/**
 * The keyframe governor of one published layer: requests from any number of receivers are merged and
 * throttled, so the publisher sees at most one request per {@link #MIN_INTERVAL_NANOS} (about three per
 * second) however many receivers join or switch. A request inside the interval is not lost: one request is
 * scheduled for the end of the interval. A PLI that brought no keyframe within {@link #FIR_AFTER_NANOS} is
 * followed by a FIR (RFC 5104) instead. Confined to the room's event loop.
 */
final class KeyframeRequester {
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    static final long FIR_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    /** Sends the request to the publisher. */
    interface Sender {
        void send(boolean fullIntraRequest);
    }

    private final MonotonicClock clock;
    private final RoomContext.Scheduler scheduler;
    private final Sender sender;
    private long lastSentNanos = Long.MIN_VALUE / 2;
    private long outstandingSinceNanos = -1;
    private boolean scheduled;
    private long requests;
    private long sent;
    private long firs;

    KeyframeRequester(MonotonicClock clock, RoomContext.Scheduler scheduler, Sender sender) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.sender = sender;
    }

    void request() {
        requests++;
        if (scheduled) {
            return;
        }
        long now = clock.nanos();
        long wait = lastSentNanos + MIN_INTERVAL_NANOS - now;
        if (wait <= 0) {
            send(now);
        } else {
            scheduled = true;
            scheduler.schedule(() -> {
                scheduled = false;
                send(clock.nanos());
            }, wait);
        }
    }

    /** The layer delivered a keyframe: whatever was asked is answered. */
    void keyframeArrived() {
        outstandingSinceNanos = -1;
    }

    private void send(long now) {
        boolean fir = outstandingSinceNanos >= 0 && now - outstandingSinceNanos >= FIR_AFTER_NANOS;
        if (outstandingSinceNanos < 0) {
            outstandingSinceNanos = now;
        }
        lastSentNanos = now;
        sent++;
        if (fir) {
            firs++;
        }
        sender.send(fir);
    }

    long requests() {
        return requests;
    }

    long sent() {
        return sent;
    }

    long firs() {
        return firs;
    }
}

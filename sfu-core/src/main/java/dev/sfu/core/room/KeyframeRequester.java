package dev.sfu.core.room;

import dev.sfu.core.time.MonotonicClock;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Merges keyframe requests for one published stream and throttles them: at most one PLI per interval
 * reaches the publisher however many receivers ask. A request inside the interval is not lost: one PLI is
 * scheduled for the end of the interval. Confined to the room's event loop.
 */
final class KeyframeRequester {
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final MonotonicClock clock;
    private final EventLoop loop;
    private final Runnable sendPli;
    private long lastSentNanos = Long.MIN_VALUE / 2;
    private boolean scheduled;
    private long requests;
    private long sent;

    KeyframeRequester(MonotonicClock clock, EventLoop loop, Runnable sendPli) {
        this.clock = clock;
        this.loop = loop;
        this.sendPli = sendPli;
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
            loop.schedule(() -> {
                scheduled = false;
                send(clock.nanos());
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void send(long now) {
        lastSentNanos = now;
        sent++;
        sendPli.run();
    }

    long requests() {
        return requests;
    }

    long sent() {
        return sent;
    }
}

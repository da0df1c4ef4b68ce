package dev.sfu.core.room;

import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.time.MonotonicClock;
import dev.sfu.core.transport.DropCounters;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * What the routing objects of one media loop share, handed down in their constructors instead of reached for
 * through the registry: the clock, the SR's NTP clock, the counters (events by kind, drops by reason), the
 * loop's timer, its buffer allocator, and the settings the routing reads. {@link RoomRegistry} makes one per
 * loop; a unit test makes one with a {@code ManualClock}, a timer it runs by hand and an unpooled
 * allocator, so {@link Participant}, {@link Publication} and {@link Subscription} are built without a
 * socket.
 *
 * <p>Immutable; its parts are confined to the loop as their own docs say.
 *
 * @param keyframeCacheMaxAgeNanos how old a cached keyframe may be to start a receiver from it; 0: the keyframe
 *     cache is off
 */
record RoomContext(MonotonicClock clock, NtpClock ntpClock, MediaCounters counters, DropCounters drops,
        Scheduler scheduler, ByteBufAllocator alloc, long keyframeCacheMaxAgeNanos) {

    /** Runs a task on the room's event loop after a delay (the loop's timer, or a test's). */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    /** The timer of a Netty event loop. */
    static Scheduler of(EventLoop loop) {
        return (task, delayNanos) -> loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    boolean keyframeCacheOn() {
        return keyframeCacheMaxAgeNanos > 0;
    }
}

package dev.sfu.core.room;

import dev.sfu.core.model.SfuException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every media loop's {@link RoomRegistry} must agree on before it opens a room: the server-wide room limit
 * and whether the server drains. One instance per server, shared by the registries of all loops, hence
 * thread-safe: the room count is a compare-and-set counter, so two loops opening rooms at once never pass the
 * limit together.
 */
public final class RoomAdmission {
    private final int maxRooms;
    private final AtomicInteger open = new AtomicInteger();
    private volatile long drainDeadlineMillis;
    private volatile boolean draining;

    public RoomAdmission(int maxRooms) {
        this.maxRooms = maxRooms;
    }

    /**
     * Takes one room of the limit; {@link #roomClosed()} gives it back.
     *
     * @throws SfuException "draining" or "too_many_rooms"
     */
    void admitRoom() {
        if (draining) {
            throw new SfuException("draining", "the server is draining: it accepts no new rooms");
        }
        int now;
        do {
            now = open.get();
            if (now >= maxRooms) {
                throw new SfuException("too_many_rooms", "the server has reached its limit of " + maxRooms
                        + " rooms");
            }
        } while (!open.compareAndSet(now, now + 1));
    }

    void roomClosed() {
        open.decrementAndGet();
    }

    /** Refuses new rooms from now on; {@code deadlineMillis} is what joins into existing rooms are told. */
    public void drain(long deadlineMillis) {
        drainDeadlineMillis = deadlineMillis;
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** The wall-clock deadline of the drain; meaningful once {@link #draining()}. */
    public long drainDeadlineMillis() {
        return drainDeadlineMillis;
    }
}

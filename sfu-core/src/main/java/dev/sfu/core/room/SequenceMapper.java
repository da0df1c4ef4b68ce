package dev.sfu.core.room;

/**
 * Maps the sequence numbers of the incoming packets a subscription forwards onto one gap-free outgoing
 * sequence: packets the subscription deliberately drops (VP8 frames of an unwanted temporal layer) are
 * taken out, and a layer switch continues right after the last number sent.
 *
 * Numbers can also be inserted ({@link #insert}: padding-only probe packets) right after the newest one.
 *
 * <p>{@code out(s) = s + delta - (packets dropped with a sequence number <= s) + (numbers inserted after
 * packets < s)}, 16-bit wrap on both sides. Drops and insertions of the last {@value #WINDOW} numbers are
 * kept in rings so a reordered packet still maps right.
 * Allocation-free; confined to the room's event loop.
 */
final class SequenceMapper {
    static final int WINDOW = 512;
    private static final int MASK = WINDOW - 1;

    private final long[] dropped = new long[WINDOW / 64];
    /** Numbers inserted right after each incoming sequence number (by its position in the window). */
    private final byte[] inserted = new byte[WINDOW];
    private boolean started;
    private int highest;
    private int delta;
    private int droppedTotal;
    private int insertedTotal;

    boolean started() {
        return started;
    }

    /** Starts a segment: {@code firstIn} maps to {@code firstOut}. */
    void start(int firstIn, int firstOut) {
        started = true;
        highest = (firstIn - 1) & 0xFFFF;
        delta = (firstOut - firstIn) & 0xFFFF;
        droppedTotal = 0;
        insertedTotal = 0;
        java.util.Arrays.fill(dropped, 0L);
        java.util.Arrays.fill(inserted, (byte) 0);
    }

    /**
     * Takes the next outgoing number for a packet of our own (padding), after everything mapped so far:
     * later packets move up by one, earlier ones (reordered) keep their numbers. Returns the number, or -1
     * when too many were inserted after one packet already (the caller sends nothing).
     */
    int insert() {
        int slot = highest & MASK;
        if (inserted[slot] == Byte.MAX_VALUE) {
            return -1;
        }
        int out = (highest + 1 + delta - droppedTotal + insertedTotal) & 0xFFFF;
        inserted[slot]++;
        insertedTotal++;
        return out;
    }

    /** True for a packet older than the window or than the segment's start: it cannot be mapped. */
    boolean isTooOld(int in) {
        int behind = (highest - in) & 0xFFFF;
        return behind < 0x8000 && behind >= WINDOW;
    }

    /** The outgoing number of a packet that is forwarded. */
    int map(int in) {
        advanceTo(in);
        int behind = (highest - in) & 0xFFFF;
        return (in + delta - droppedTotal + droppedAfter(in, behind) + insertedTotal - insertedFrom(behind))
                & 0xFFFF;
    }

    /**
     * Records a packet that is not forwarded, so later numbers close the gap. Returns false for a packet
     * older than the newest, which changes nothing.
     */
    boolean drop(int in) {
        int ahead = (in - highest) & 0xFFFF;
        if (ahead == 0 || ahead >= 0x8000) {
            // A reordered (or repaired) packet from before the newest: numbers after it were already given
            // out, so it simply leaves a gap (the receiver treats it as lost).
            return false;
        }
        advanceTo(in);
        setBit(in);
        droppedTotal++;
        return true;
    }

    private void advanceTo(int in) {
        int ahead = (in - highest) & 0xFFFF;
        if (ahead == 0 || ahead >= 0x8000) {
            return;
        }
        if (ahead >= WINDOW) {
            java.util.Arrays.fill(dropped, 0L);
            java.util.Arrays.fill(inserted, (byte) 0);
        } else {
            for (int i = 1; i <= ahead; i++) {
                clearBit((highest + i) & 0xFFFF);
                inserted[(highest + i) & MASK] = 0;
            }
        }
        highest = in;
    }

    /** Numbers inserted after packets in [in, highest] (they come after {@code in}: not counted for it). */
    private int insertedFrom(int behind) {
        if (insertedTotal == 0) {
            return 0;
        }
        int count = 0;
        for (int i = 0; i <= behind && i < WINDOW; i++) {
            count += inserted[(highest - i) & MASK];
        }
        return count;
    }

    /** Drops recorded in (in, highest]. */
    private int droppedAfter(int in, int behind) {
        int count = 0;
        for (int i = 0; i < behind; i++) {
            if (isSet((highest - i) & 0xFFFF)) {
                count++;
            }
        }
        return count;
    }

    private void setBit(int seq) {
        int index = seq & MASK;
        dropped[index >>> 6] |= 1L << (index & 63);
    }

    private void clearBit(int seq) {
        int index = seq & MASK;
        dropped[index >>> 6] &= ~(1L << (index & 63));
    }

    private boolean isSet(int seq) {
        int index = seq & MASK;
        return (dropped[index >>> 6] & (1L << (index & 63))) != 0;
    }
}

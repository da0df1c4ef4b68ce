package dev.sfu.core.room;

/**
 * Maps the sequence numbers of the incoming packets a subscription forwards onto one gap-free outgoing
 * sequence: packets the subscription deliberately drops (VP8 frames of an unwanted temporal layer) are
 * taken out, and a layer switch continues right after the last number sent.
 *
 * <p>{@code out(s) = s + delta - (packets dropped with a sequence number <= s)}, 16-bit wrap on both sides.
 * Drops of the last {@value #WINDOW} numbers are kept in a ring so a reordered packet still maps right.
 * Allocation-free; confined to the room's event loop.
 */
final class SequenceMapper {
    static final int WINDOW = 512;
    private static final int MASK = WINDOW - 1;

    private final long[] dropped = new long[WINDOW / 64];
    private boolean started;
    private int highest;
    private int delta;
    private int droppedTotal;

    boolean started() {
        return started;
    }

    /** Starts a segment: {@code firstIn} maps to {@code firstOut}. */
    void start(int firstIn, int firstOut) {
        started = true;
        highest = (firstIn - 1) & 0xFFFF;
        delta = (firstOut - firstIn) & 0xFFFF;
        droppedTotal = 0;
        java.util.Arrays.fill(dropped, 0L);
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
        return (in + delta - droppedTotal + droppedAfter(in, behind)) & 0xFFFF;
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
        } else {
            for (int i = 1; i <= ahead; i++) {
                clearBit((highest + i) & 0xFFFF);
            }
        }
        highest = in;
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

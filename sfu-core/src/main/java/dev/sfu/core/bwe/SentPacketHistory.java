package dev.sfu.core.bwe;

import java.util.Arrays;

/**
 * What we sent to one receiver, by transport-wide sequence number: send time, size, whether it was a
 * probe, and what feedback said of it. A ring of primitive arrays indexed by the 16-bit sequence
 * number unwrapped to 64 bits against the highest one sent.
 *
 * <p>Not thread-safe: confined to the receiver's event loop. Nothing allocates after construction.
 */
final class SentPacketHistory {
    /**
     * Packets remembered per receiver: feedback comes every 50-100 ms and must find what it reports, so this
     * covers about 1.5 s at 1,300 packets/s (a receiver of ten 1.5 Mbps videos) and 8 s of one: 40 KB per
     * receiver (16384 entries took 360 KB, most of the heap per subscription).
     */
    static final int CAPACITY = 1 << 11;
    private static final int MASK = CAPACITY - 1;
    static final byte UNREPORTED = 0;
    static final byte REPORTED_LOST = 1;
    static final byte ACKED = 2;

    private final long[] sequence = new long[CAPACITY];
    private final long[] sendNanos = new long[CAPACITY];
    /** Datagram sizes (at most 1500 or so): unsigned 16-bit. */
    private final char[] size = new char[CAPACITY];
    private final byte[] state = new byte[CAPACITY];
    private final boolean[] probe = new boolean[CAPACITY];
    private long highest = -1;

    SentPacketHistory() {
        Arrays.fill(sequence, -1);
    }

    /** Records a packet; returns its unwrapped sequence number. */
    long onSent(int transportSequence, long nowNanos, int sizeBytes) {
        return onSent(transportSequence, nowNanos, sizeBytes, false);
    }

    /** Records a packet, marked as probe padding or not; returns its unwrapped sequence number. */
    long onSent(int transportSequence, long nowNanos, int sizeBytes, boolean isProbe) {
        long unwrapped = unwrap(transportSequence);
        if (highest < 0 || unwrapped > highest) {
            highest = unwrapped;
        }
        int slot = (int) (unwrapped & MASK);
        sequence[slot] = unwrapped;
        sendNanos[slot] = nowNanos;
        size[slot] = (char) Math.min(sizeBytes, 0xFFFF);
        state[slot] = UNREPORTED;
        probe[slot] = isProbe;
        return unwrapped;
    }

    /** The 64-bit sequence number closest to the highest sent whose low 16 bits are {@code seq}. */
    long unwrap(int transportSequence) {
        int seq = transportSequence & 0xFFFF;
        if (highest < 0) {
            return (1L << 16) + seq;
        }
        return highest + (short) (seq - (int) (highest & 0xFFFF));
    }

    boolean contains(long unwrapped) {
        return unwrapped >= 0 && sequence[(int) (unwrapped & MASK)] == unwrapped;
    }

    long sendNanos(long unwrapped) {
        return sendNanos[(int) (unwrapped & MASK)];
    }

    int size(long unwrapped) {
        return size[(int) (unwrapped & MASK)];
    }

    boolean isProbe(long unwrapped) {
        return probe[(int) (unwrapped & MASK)];
    }

    byte state(long unwrapped) {
        return state[(int) (unwrapped & MASK)];
    }

    void state(long unwrapped, byte newState) {
        state[(int) (unwrapped & MASK)] = newState;
    }
}

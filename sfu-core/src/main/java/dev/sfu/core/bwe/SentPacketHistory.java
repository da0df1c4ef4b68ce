package dev.sfu.core.bwe;

import java.util.Arrays;

/**
 * What we sent to one receiver, by transport-wide sequence number: send time, size, whether it was a
 * probe, and what feedback said of it. A ring of primitive arrays indexed by the 16-bit sequence
 * number unwrapped to 64 bits against the highest one sent.
 *
 * <p>The ring starts small and doubles (up to {@link #MAX_CAPACITY}) when a packet would overwrite one sent
 * less than {@link #COVERAGE_NANOS} ago: feedback comes every 50-100 ms, so a second of history is plenty,
 * and most receivers (one or two videos, a few hundred packets a second) never need the 2048 entries (40 KB)
 * a receiver of ten HD videos does.
 *
 * <p>Not thread-safe: confined to the receiver's event loop. Allocates only when the ring grows (at most
 * three times per receiver).
 */
final class SentPacketHistory {
    static final int INITIAL_CAPACITY = 1 << 8;
    /** 1.5 s at 1,300 packets/s (a receiver of ten 1.5 Mbps videos), 8 s of one. */
    static final int MAX_CAPACITY = 1 << 11;
    /** How long a packet should stay findable: well past the feedback interval plus an RTT. */
    static final long COVERAGE_NANOS = 1_000_000_000L;
    static final byte UNREPORTED = 0;
    static final byte REPORTED_LOST = 1;
    static final byte ACKED = 2;

    private int mask;
    private long[] sequence;
    private long[] sendNanos;
    /** Datagram sizes (at most 1500 or so): unsigned 16-bit. */
    private char[] size;
    private byte[] state;
    private boolean[] probe;
    private long highest = -1;

    SentPacketHistory() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        mask = capacity - 1;
        sequence = new long[capacity];
        sendNanos = new long[capacity];
        size = new char[capacity];
        state = new byte[capacity];
        probe = new boolean[capacity];
        Arrays.fill(sequence, -1);
    }

    int capacity() {
        return mask + 1;
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
        int slot = (int) (unwrapped & mask);
        if (mask < MAX_CAPACITY - 1 && sequence[slot] >= 0 && sequence[slot] < unwrapped
                && nowNanos - sendNanos[slot] < COVERAGE_NANOS) {
            grow(); // would forget a packet feedback may still report
            slot = (int) (unwrapped & mask);
        }
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
        return unwrapped >= 0 && sequence[(int) (unwrapped & mask)] == unwrapped;
    }

    long sendNanos(long unwrapped) {
        return sendNanos[(int) (unwrapped & mask)];
    }

    int size(long unwrapped) {
        return size[(int) (unwrapped & mask)];
    }

    boolean isProbe(long unwrapped) {
        return probe[(int) (unwrapped & mask)];
    }

    byte state(long unwrapped) {
        return state[(int) (unwrapped & mask)];
    }

    void state(long unwrapped, byte newState) {
        state[(int) (unwrapped & mask)] = newState;
    }

    /** Doubles the ring, each remembered packet moving to its slot in the larger one. */
    private void grow() {
        long[] oldSequence = sequence;
        long[] oldSendNanos = sendNanos;
        char[] oldSize = size;
        byte[] oldState = state;
        boolean[] oldProbe = probe;
        allocate(2 * capacity());
        for (int i = 0; i < oldSequence.length; i++) {
            long seq = oldSequence[i];
            if (seq >= 0) {
                int slot = (int) (seq & mask);
                sequence[slot] = seq;
                sendNanos[slot] = oldSendNanos[i];
                size[slot] = oldSize[i];
                state[slot] = oldState[i];
                probe[slot] = oldProbe[i];
            }
        }
    }
}

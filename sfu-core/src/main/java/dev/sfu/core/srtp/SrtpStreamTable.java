package dev.sfu.core.srtp;

import java.util.Arrays;

/**
 * Per-SSRC SRTP/SRTCP state of one {@link SrtpContext}, in parallel primitive arrays indexed by an
 * entry number, found through an open-addressing hash of the SSRC (no boxing, no per-packet
 * allocation). Bounded at {@link #MAX_STREAMS}: a peer cannot grow it without limit, and entries are
 * only added for packets that authenticated (receive) or that we send.
 *
 * <p>Not thread-safe: confined with its context to one event loop.
 */
final class SrtpStreamTable {
    static final int MAX_STREAMS = 64;
    private static final int SLOTS = 128; // power of two, load factor <= 0.5
    private static final int EMPTY = -1;

    private final int[] slotSsrc = new int[SLOTS];
    private final int[] slotEntry = new int[SLOTS];
    private int size;

    /** Highest SRTP index sent (ROC << 16 | SEQ), -1 before the first packet. */
    final long[] rtpSentIndex = new long[MAX_STREAMS];
    /** Highest authenticated SRTP index received, -1 before the first packet. */
    final long[] rtpReceivedIndex = new long[MAX_STREAMS];
    /** Replay window words for {@link #rtpReceivedIndex}, two per entry. */
    final long[] rtpReplayWindow = new long[2 * MAX_STREAMS];
    /** Next SRTCP index to send (RFC 3711 §3.4: starts at zero). */
    final long[] rtcpNextIndex = new long[MAX_STREAMS];
    /** Highest authenticated SRTCP index received, -1 before the first packet. */
    final long[] rtcpReceivedIndex = new long[MAX_STREAMS];
    /** Replay window words for {@link #rtcpReceivedIndex}, two per entry. */
    final long[] rtcpReplayWindow = new long[2 * MAX_STREAMS];

    SrtpStreamTable() {
        Arrays.fill(slotEntry, EMPTY);
    }

    /** The entry of {@code ssrc}, or -1 if it has none. */
    int find(int ssrc) {
        int slot = hash(ssrc);
        while (true) {
            int e = slotEntry[slot];
            if (e == EMPTY) {
                return -1;
            }
            if (slotSsrc[slot] == ssrc) {
                return e;
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
    }

    boolean isFull() {
        return size == MAX_STREAMS;
    }

    /** The entry of {@code ssrc}, created with fresh state if absent; -1 if the table is full. */
    int findOrAdd(int ssrc) {
        int slot = hash(ssrc);
        while (true) {
            int e = slotEntry[slot];
            if (e == EMPTY) {
                break;
            }
            if (slotSsrc[slot] == ssrc) {
                return e;
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        if (size == MAX_STREAMS) {
            return -1;
        }
        int e = size++;
        slotSsrc[slot] = ssrc;
        slotEntry[slot] = e;
        rtpSentIndex[e] = -1;
        rtpReceivedIndex[e] = -1;
        rtpReplayWindow[2 * e] = 0;
        rtpReplayWindow[2 * e + 1] = 0;
        rtcpNextIndex[e] = 0;
        rtcpReceivedIndex[e] = -1;
        rtcpReplayWindow[2 * e] = 0;
        rtcpReplayWindow[2 * e + 1] = 0;
        return e;
    }

    private static int hash(int ssrc) {
        return (ssrc * 0x9E3779B9) >>> 25; // Fibonacci hashing onto 7 bits
    }
}

package dev.sfu.core.srtp;

import java.util.Arrays;

/**
 * Per-SSRC SRTP/SRTCP state of one {@link SrtpContext}, in parallel primitive arrays indexed by an
 * entry number, found through an open-addressing hash of the SSRC (no boxing, no per-packet
 * allocation). Bounded at {@link #MAX_STREAMS}: a peer cannot grow it without limit, and entries are
 * only added for packets that authenticated (receive) or that we send.
 *
 * <p>The arrays start at {@link #INITIAL_STREAMS} entries and double when full: a transport has a handful of
 * SSRCs (audio, three video layers and their RTX, the RTCP senders), and 64 entries in every context cost
 * 5 KB, two contexts per participant. Growing allocates, once per doubling, on the packet of a new SSRC.
 *
 * <p>Not thread-safe: confined with its context to one event loop.
 */
final class SrtpStreamTable {
    static final int MAX_STREAMS = 64;
    static final int INITIAL_STREAMS = 8;
    private static final int EMPTY = -1;

    /** Hash slots: twice the entries (a power of two, load factor <= 0.5). */
    private int[] slotSsrc;
    private int[] slotEntry;
    /** 32 minus the slot table's bits, for {@link #hash}. */
    private int hashShift;
    private int size;

    /** Highest SRTP index sent (ROC << 16 | SEQ), -1 before the first packet. */
    long[] rtpSentIndex;
    /** Highest authenticated SRTP index received, -1 before the first packet. */
    long[] rtpReceivedIndex;
    /** Replay window words for {@link #rtpReceivedIndex}, two per entry. */
    long[] rtpReplayWindow;
    /** Next SRTCP index to send (RFC 3711 §3.4: starts at zero). */
    long[] rtcpNextIndex;
    /** Highest authenticated SRTCP index received, -1 before the first packet. */
    long[] rtcpReceivedIndex;
    /** Replay window words for {@link #rtcpReceivedIndex}, two per entry. */
    long[] rtcpReplayWindow;

    SrtpStreamTable() {
        resizeSlots(2 * INITIAL_STREAMS);
        resizeEntries(INITIAL_STREAMS);
    }

    /** Entries the arrays hold before they next grow. */
    int capacity() {
        return rtpSentIndex.length;
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
            slot = (slot + 1) & (slotEntry.length - 1);
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
            slot = (slot + 1) & (slotEntry.length - 1);
        }
        if (size == MAX_STREAMS) {
            return -1;
        }
        if (size == capacity()) {
            grow();
            slot = freeSlot(ssrc);
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

    /** The first empty slot on {@code ssrc}'s probe sequence (the caller knows it is absent). */
    private int freeSlot(int ssrc) {
        int slot = hash(ssrc);
        while (slotEntry[slot] != EMPTY) {
            slot = (slot + 1) & (slotEntry.length - 1);
        }
        return slot;
    }

    /** Doubles the entries and the hash slots, rehashing every SSRC (entry numbers stay). */
    private void grow() {
        int entries = 2 * capacity();
        resizeEntries(entries);
        int[] oldSsrc = slotSsrc;
        int[] oldEntry = slotEntry;
        resizeSlots(2 * entries);
        for (int i = 0; i < oldEntry.length; i++) {
            if (oldEntry[i] != EMPTY) {
                int slot = freeSlot(oldSsrc[i]);
                slotSsrc[slot] = oldSsrc[i];
                slotEntry[slot] = oldEntry[i];
            }
        }
    }

    private void resizeSlots(int slots) {
        slotSsrc = new int[slots];
        slotEntry = new int[slots];
        Arrays.fill(slotEntry, EMPTY);
        hashShift = 32 - Integer.numberOfTrailingZeros(slots);
    }

    private void resizeEntries(int entries) {
        rtpSentIndex = copyOf(rtpSentIndex, entries);
        rtpReceivedIndex = copyOf(rtpReceivedIndex, entries);
        rtpReplayWindow = copyOf(rtpReplayWindow, 2 * entries);
        rtcpNextIndex = copyOf(rtcpNextIndex, entries);
        rtcpReceivedIndex = copyOf(rtcpReceivedIndex, entries);
        rtcpReplayWindow = copyOf(rtcpReplayWindow, 2 * entries);
    }

    private static long[] copyOf(long[] a, int length) {
        return a == null ? new long[length] : Arrays.copyOf(a, length);
    }

    /** Fibonacci hashing onto the slot table's bits. */
    private int hash(int ssrc) {
        return (ssrc * 0x9E3779B9) >>> hashShift;
    }
}

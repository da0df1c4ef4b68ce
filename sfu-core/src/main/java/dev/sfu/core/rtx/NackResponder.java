package dev.sfu.core.rtx;

import dev.sfu.core.time.MonotonicClock;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Answers one subscription's NACKs from the retransmission caches of what it forwards. The receiver
 * names packets by the sequence numbers it saw (rewritten by the subscription); this class remembers,
 * for each sequence number sent, the cache and source sequence number it came from and the timestamp
 * it was sent with, so it stays right across layer switches (each layer has its own cache and offsets).
 *
 * <pre>
 *   onForwarded(outSeq, outTimestamp, cache, sourceSeq)     per packet forwarded (allocation-free)
 *        ring indexed by outSeq mod capacity: outSeq, cache, sourceSeq, outTimestamp, lastResend
 *   respond(nackedSeqs, sink)                               per NACK from the receiver
 *        for each nacked outSeq: known? resent less than one RTT ago? still in its cache?
 *        -&gt; sink.resend(source packet (borrowed), outSeq, outTimestamp)
 *           the caller rewrites SSRC/PT, sets outSeq/outTimestamp, and sends it plainly or wraps it
 *           with {@link RtxPacketizer} when the receiver negotiated RTX
 * </pre>
 *
 * <p>Not thread-safe: confined to the room's event loop, like the caches it reads.
 */
public final class NackResponder {
    /** Receives each packet to resend; the buffer is borrowed for the call only. */
    @FunctionalInterface
    public interface Sink {
        void resend(ByteBuf source, int outgoingSequence, long outgoingTimestamp);
    }

    private static final long DEFAULT_RTT_NANOS = 100_000_000L;
    private static final long MIN_INTERVAL_NANOS = 5_000_000L;

    private final MonotonicClock clock;
    private final int mask;
    /** Per slot: the 16-bit sequence numbers, the 32-bit RTP timestamp; a slot is empty while its cache is null. */
    private final char[] outSeqs;
    private final RetransmissionCache[] caches;
    private final char[] sourceSeqs;
    private final int[] timestamps;
    /** When each slot was last resent; allocated at the first resend, as most receivers never NACK. */
    private long[] lastResend;
    private long rttNanos = DEFAULT_RTT_NANOS;
    private long requested;
    private long resent;
    private long suppressed;
    private long unknown;
    private long expired;

    /** @param capacity sequence numbers remembered, a power of two (2048 covers 2 s of video) */
    public NackResponder(MonotonicClock clock, int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1 || capacity > 1 << 15) {
            throw new IllegalArgumentException("capacity must be a power of two up to 32768: " + capacity);
        }
        this.clock = clock;
        this.mask = capacity - 1;
        this.outSeqs = new char[capacity];
        this.caches = new RetransmissionCache[capacity];
        this.sourceSeqs = new char[capacity];
        this.timestamps = new int[capacity];
    }

    /** The receiver's RTT (from its receiver reports): a packet is not resent twice within it. */
    public void rtt(long nanos) {
        if (nanos > 0) {
            rttNanos = nanos;
        }
    }

    /** Records that source packet {@code sourceSeq} of {@code cache} went out as {@code outSeq}. */
    public void onForwarded(int outSeq, long outTimestamp, RetransmissionCache cache, int sourceSeq) {
        int slot = outSeq & mask;
        outSeqs[slot] = (char) outSeq;
        caches[slot] = cache;
        sourceSeqs[slot] = (char) sourceSeq;
        timestamps[slot] = (int) outTimestamp;
        if (lastResend != null) {
            lastResend[slot] = Long.MIN_VALUE;
        }
    }

    /** Forgets the caches (when the subscription closes or its publication goes away). */
    public void clear() {
        java.util.Arrays.fill(caches, null);
    }

    /** Resends what it can of {@code nackedSeqs}; returns the number of packets handed to {@code sink}. */
    public int respond(List<Integer> nackedSeqs, Sink sink) {
        long now = clock.nanos();
        long interval = Math.max(MIN_INTERVAL_NANOS, rttNanos);
        int count = 0;
        for (int i = 0, n = nackedSeqs.size(); i < n; i++) {
            int seq = nackedSeqs.get(i) & 0xFFFF;
            int slot = seq & mask;
            requested++;
            if (outSeqs[slot] != seq || caches[slot] == null) {
                unknown++;
                continue;
            }
            if (lastResend == null) {
                lastResend = new long[mask + 1];
                java.util.Arrays.fill(lastResend, Long.MIN_VALUE);
            } else if (lastResend[slot] != Long.MIN_VALUE && now - lastResend[slot] < interval) {
                suppressed++;
                continue;
            }
            ByteBuf source = caches[slot].get(sourceSeqs[slot]);
            if (source == null) {
                expired++;
                continue;
            }
            lastResend[slot] = now;
            resent++;
            count++;
            sink.resend(source, seq, timestamps[slot] & 0xFFFFFFFFL);
        }
        return count;
    }

    public long requested() {
        return requested;
    }

    public long resent() {
        return resent;
    }

    /** NACKed again within one RTT of a resend: not resent. */
    public long suppressed() {
        return suppressed;
    }

    /** Never sent, or forgotten (older than the ring). */
    public long unknown() {
        return unknown;
    }

    /** No longer in the cache. */
    public long expired() {
        return expired;
    }
}

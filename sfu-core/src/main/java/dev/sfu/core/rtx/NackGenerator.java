package dev.sfu.core.rtx;

import dev.sfu.core.time.MonotonicClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects losses in one incoming RTP stream and decides which sequence numbers to NACK to the publisher
 * (RFC 4585 §6.2.1), and when to give up and ask for a keyframe instead.
 *
 * <pre>
 *   onPacket(seq)    every media packet, and every packet recovered from RTX (its OSN)   allocation-free
 *        seq &gt; highest + 1 : highest+1 .. seq-1 become missing (detected now)
 *        seq missing        : recovered, forgotten
 *        gap &gt; capacity    : everything forgotten, keyframe needed
 *   collectNacks()   every 20-50 ms on the stream's event loop
 *        missing for at least the reorder window (10 ms), not NACKed within the last RTT:
 *            NACK it (retries + 1)
 *        NACKed maxRetries (10) times, or missing longer than maxAge (1 s): give up, keyframe needed
 *   takeKeyframeRequest()  true once after a give-up: the caller asks the publisher (PLI, throttled)
 * </pre>
 *
 * <p>Not thread-safe: confined to the event loop of the publisher's room.
 */
public final class NackGenerator {
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final long DEFAULT_MAX_AGE_MILLIS = 1_000;
    public static final long DEFAULT_REORDER_WINDOW_MILLIS = 10;
    /** Sequence numbers tracked; a larger gap resets the stream (keyframe instead of NACKs). */
    public static final int CAPACITY = 1024;
    private static final int MASK = CAPACITY - 1;
    private static final long NONE = Long.MIN_VALUE;
    private static final long DEFAULT_RTT_NANOS = 100_000_000L;
    private static final long MIN_RETRY_NANOS = 10_000_000L;

    private final MonotonicClock clock;
    private final int maxRetries;
    private final long maxAgeNanos;
    private final long reorderNanos;
    private final long[] missingSeq = new long[CAPACITY];
    private final long[] detectedAt = new long[CAPACITY];
    private final long[] lastNackAt = new long[CAPACITY];
    private final int[] retries = new int[CAPACITY];
    private long highest = -1;
    private int missing;
    private long rttNanos = DEFAULT_RTT_NANOS;
    private boolean keyframeNeeded;

    private long nacksSent;
    private long recovered;
    private long gaveUp;
    private long resets;

    public NackGenerator(MonotonicClock clock) {
        this(clock, DEFAULT_MAX_RETRIES, DEFAULT_MAX_AGE_MILLIS, DEFAULT_REORDER_WINDOW_MILLIS);
    }

    public NackGenerator(MonotonicClock clock, int maxRetries, long maxAgeMillis, long reorderWindowMillis) {
        this.clock = clock;
        this.maxRetries = maxRetries;
        this.maxAgeNanos = maxAgeMillis * 1_000_000L;
        this.reorderNanos = reorderWindowMillis * 1_000_000L;
        java.util.Arrays.fill(missingSeq, -1);
    }

    /** The RTT to the publisher: a sequence number is NACKed again only after it. */
    public void rtt(long nanos) {
        if (nanos > 0) {
            rttNanos = nanos;
        }
    }

    /** A packet with sequence number {@code seq} arrived (directly or repaired from RTX). */
    public void onPacket(int seq) {
        seq &= 0xFFFF;
        if (highest < 0) {
            highest = (1L << 16) + seq;
            return;
        }
        long unwrapped = highest + (short) (seq - (int) (highest & 0xFFFF));
        if (unwrapped > highest) {
            long gap = unwrapped - highest - 1;
            if (gap >= CAPACITY) {
                reset();
            } else if (gap > 0) {
                long now = clock.nanos();
                for (long s = highest + 1; s < unwrapped; s++) {
                    int slot = (int) (s & MASK);
                    if (missingSeq[slot] >= 0) {
                        missing--; // an entry a full ring ago, never resolved: superseded
                    }
                    missingSeq[slot] = s;
                    detectedAt[slot] = now;
                    lastNackAt[slot] = NONE;
                    retries[slot] = 0;
                    missing++;
                }
            }
            int slot = (int) (unwrapped & MASK);
            if (missingSeq[slot] >= 0) {
                missingSeq[slot] = -1;
                missing--;
            }
            highest = unwrapped;
            return;
        }
        int slot = (int) (unwrapped & MASK);
        if (missingSeq[slot] == unwrapped) {
            missingSeq[slot] = -1;
            missing--;
            recovered++;
        }
    }

    /**
     * Whether {@code seq} is still awaited (detected missing, not yet recovered or given up): a packet repaired
     * from RTX is forwarded only then, so duplicates and RTX probes of packets that did arrive are not.
     */
    public boolean isMissing(int seq) {
        if (highest < 0 || missing == 0) {
            return false;
        }
        long unwrapped = highest + (short) ((seq & 0xFFFF) - (int) (highest & 0xFFFF));
        return unwrapped < highest && missingSeq[(int) (unwrapped & MASK)] == unwrapped;
    }

    private void reset() {
        java.util.Arrays.fill(missingSeq, -1);
        missing = 0;
        resets++;
        keyframeNeeded = true;
    }

    /** Sequence numbers to NACK now (empty when none); gives up on the hopeless ones. */
    public List<Integer> collectNacks() {
        if (missing == 0) {
            return List.of();
        }
        long now = clock.nanos();
        long retryInterval = Math.max(MIN_RETRY_NANOS, rttNanos);
        List<Integer> nacks = new ArrayList<>(Math.min(missing, 64));
        for (long s = Math.max(0, highest - CAPACITY + 1); s < highest; s++) {
            int slot = (int) (s & MASK);
            if (missingSeq[slot] != s) {
                continue;
            }
            if (retries[slot] >= maxRetries || now - detectedAt[slot] > maxAgeNanos) {
                missingSeq[slot] = -1;
                missing--;
                gaveUp++;
                keyframeNeeded = true;
                continue;
            }
            if (now - detectedAt[slot] < reorderNanos) {
                continue;
            }
            if (lastNackAt[slot] != NONE && now - lastNackAt[slot] < retryInterval) {
                continue;
            }
            lastNackAt[slot] = now;
            retries[slot]++;
            nacks.add((int) (s & 0xFFFF));
        }
        nacksSent += nacks.size();
        return nacks;
    }

    /** True once after packets were given up on (or the stream jumped): ask for a keyframe. */
    public boolean takeKeyframeRequest() {
        boolean needed = keyframeNeeded;
        keyframeNeeded = false;
        return needed;
    }

    /** Sequence numbers currently missing. */
    public int missingCount() {
        return missing;
    }

    public long nacksSent() {
        return nacksSent;
    }

    /** Missing packets that arrived later (reordered or repaired). */
    public long recovered() {
        return recovered;
    }

    public long gaveUp() {
        return gaveUp;
    }

    public long resets() {
        return resets;
    }
}

package dev.sfu.core.stats;

/**
 * Bitrate over a sliding window, from byte counts added with their time: the window is split into
 * buckets (a ring of {@code long}), so adding a sample and reading the rate allocate nothing.
 *
 * <pre>
 *   add(t, bytes) -&gt; bucket floor(t / bucketWidth) mod n       (older buckets cleared as time moves on)
 *   bitrateBps(now) = 8 * (bytes in buckets within the window) / covered time
 *   covered time    = the window, or since the first sample when that is shorter (at least one bucket)
 * </pre>
 *
 * <p>Times are nanoseconds of any monotonic clock, passed by the caller (a local clock for what we send
 * or receive, a remote clock for what a receiver acknowledged), and must not go backwards by more than
 * the window; a sample older than the window is ignored.
 *
 * <p>Not thread-safe: confined to the owner's event loop.
 */
public final class BitrateMeter {
    private final long bucketNanos;
    private final long[] buckets;
    private long newestBucket = Long.MIN_VALUE;
    private long firstNanos = Long.MIN_VALUE;
    private long totalBytes;

    /** A window of {@code windowMillis} split into {@code bucketCount} buckets. */
    public BitrateMeter(long windowMillis, int bucketCount) {
        if (windowMillis <= 0 || bucketCount <= 0 || windowMillis * 1_000_000L % bucketCount != 0) {
            throw new IllegalArgumentException("window must split evenly into buckets: " + windowMillis + " ms / "
                    + bucketCount);
        }
        this.bucketNanos = windowMillis * 1_000_000L / bucketCount;
        this.buckets = new long[bucketCount];
    }

    /** A one-second window of 20 buckets of 50 ms. */
    public static BitrateMeter oneSecond() {
        return new BitrateMeter(1000, 20);
    }

    public void add(long nowNanos, long bytes) {
        long bucket = Math.floorDiv(nowNanos, bucketNanos);
        advance(bucket);
        if (bucket <= newestBucket - buckets.length) {
            return;
        }
        if (firstNanos == Long.MIN_VALUE) {
            firstNanos = nowNanos;
        }
        buckets[(int) Math.floorMod(bucket, (long) buckets.length)] += bytes;
        totalBytes += bytes;
    }

    /** Bits per second over the window ending at {@code nowNanos}; 0 before the first sample. */
    public long bitrateBps(long nowNanos) {
        if (firstNanos == Long.MIN_VALUE) {
            return 0;
        }
        advance(Math.floorDiv(nowNanos, bucketNanos));
        long bytes = 0;
        for (long b : buckets) {
            bytes += b;
        }
        long window = bucketNanos * buckets.length;
        long covered = Math.min(window, Math.max(bucketNanos, nowNanos - firstNanos));
        return bytes * 8L * 1_000_000_000L / covered;
    }

    /** Bytes added since creation or the last {@link #reset}. */
    public long totalBytes() {
        return totalBytes;
    }

    public void reset() {
        java.util.Arrays.fill(buckets, 0);
        newestBucket = Long.MIN_VALUE;
        firstNanos = Long.MIN_VALUE;
        totalBytes = 0;
    }

    private void advance(long bucket) {
        if (newestBucket == Long.MIN_VALUE) {
            newestBucket = bucket;
            return;
        }
        if (bucket <= newestBucket) {
            return;
        }
        long clear = Math.min(bucket - newestBucket, buckets.length);
        for (long i = 1; i <= clear; i++) {
            buckets[(int) Math.floorMod(newestBucket + i, (long) buckets.length)] = 0;
        }
        newestBucket = bucket;
    }
}

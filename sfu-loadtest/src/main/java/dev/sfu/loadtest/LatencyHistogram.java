package dev.sfu.loadtest;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of durations in microseconds: exact below 64 µs, then 32 buckets per power of two
 * (at most ~3% relative error), up to hours. Recording is lock-free and allocation-free from any thread;
 * {@link #snapshot()} copies the counts so two snapshots can be subtracted for one interval.
 */
final class LatencyHistogram {
    private static final int LINEAR = 64;
    private static final int SUB_BITS = 5;
    private static final int SUBS = 1 << SUB_BITS;
    static final int BUCKETS = LINEAR + (63 - 6) * SUBS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void recordNanos(long nanos) {
        if (nanos >= 0) {
            counts.incrementAndGet(index(nanos / 1000));
        }
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) Math.max(0, micros);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros); // >= 6
        int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUBS - 1));
        return Math.min(BUCKETS - 1, LINEAR + (exponent - 6) * SUBS + sub);
    }

    /** The smallest value (µs) that falls into a bucket. */
    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUBS + 6;
        int sub = (index - LINEAR) % SUBS;
        return (1L << exponent) + ((long) sub << (exponent - SUB_BITS));
    }

    Snapshot snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return new Snapshot(copy);
    }

    /** Counts at one moment; immutable by convention (the array is not shared). */
    static final class Snapshot {
        private final long[] counts;

        Snapshot(long[] counts) {
            this.counts = counts;
        }

        static Snapshot empty() {
            return new Snapshot(new long[BUCKETS]);
        }

        Snapshot minus(Snapshot earlier) {
            long[] d = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                d[i] = counts[i] - earlier.counts[i];
            }
            return new Snapshot(d);
        }

        Snapshot plus(Snapshot other) {
            long[] d = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                d[i] = counts[i] + other.counts[i];
            }
            return new Snapshot(d);
        }

        long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        /** The value (µs, the bucket's lower bound) at quantile q in [0, 1], or -1 when empty. */
        long percentile(double q) {
            long n = count();
            if (n == 0) {
                return -1;
            }
            long rank = Math.max(1, (long) Math.ceil(q * n));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return lowerBound(i);
                }
            }
            return lowerBound(BUCKETS - 1);
        }

        long max() {
            for (int i = BUCKETS - 1; i >= 0; i--) {
                if (counts[i] > 0) {
                    return lowerBound(i);
                }
            }
            return -1;
        }
    }
}

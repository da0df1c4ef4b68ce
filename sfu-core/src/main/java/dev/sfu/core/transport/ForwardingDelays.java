package dev.sfu.core.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * How long the server holds what it forwards: for each received datagram that caused sends, the time from the
 * event loop reading it to the end of the flush that handed its copies to the kernel ({@code sendmmsg}
 * returned). That is the latency the server adds in its own code (processing and the fan-out to every
 * receiver), without the kernel's queues on either side: a datagram that waited in the socket's receive queue
 * while the loop handled earlier ones or ran a timer is stamped when it is read. Counted in
 * fixed buckets; shared by all media loops (one add per received datagram, not per copy), read by metrics.
 */
public final class ForwardingDelays {
    /** Upper bounds of the buckets in microseconds; one more bucket takes everything above the last. */
    private static final long[] BOUNDS_MICROS = {
        50, 100, 200, 300, 400, 500, 600, 750, 1_000, 1_250, 1_500, 2_000, 3_000, 5_000, 10_000, 50_000
    };

    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private final LongAdder totalNanos = new LongAdder();

    public ForwardingDelays() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        record(nanos, 1);
    }

    /** {@code count} events that each took {@code nanos} (a chunk of copies handed to the kernel together). */
    void record(long nanos, int count) {
        long micros = nanos / 1_000;
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        buckets[i].add(count);
        totalNanos.add(nanos * count);
    }

    /** The bucket bounds in seconds (Prometheus' {@code le}), without the last, unbounded one. */
    public static double[] boundsSeconds() {
        double[] seconds = new double[BOUNDS_MICROS.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = BOUNDS_MICROS[i] / 1e6;
        }
        return seconds;
    }

    /** Datagrams whose delay was at most {@code boundsSeconds()[bucket]} (cumulative, as a histogram's bucket). */
    public long countAtMost(int bucket) {
        long sum = 0;
        for (int i = 0; i <= bucket; i++) {
            sum += buckets[i].sum();
        }
        return sum;
    }

    public long count() {
        return countAtMost(buckets.length - 1);
    }

    public double totalSeconds() {
        return totalNanos.sum() / 1e9;
    }
}

package dev.sfu.core.bwe;

import dev.sfu.core.rtcp.TransportFeedbackGenerator;
import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.testing.ManualClock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A sender, a bottleneck link and a receiver in simulated time, stepped 1 ms at a time:
 *
 * <pre>
 *   sender (media at a rate the test chooses, usually the estimate; plus probe padding)
 *     -&gt; bottleneck: FIFO drained at the capacity, tail drop past 300 ms of queue, random loss
 *     -&gt; 25 ms propagation -&gt; receiver: TransportFeedbackGenerator, feedback every 50 ms
 *     -&gt; 25 ms back -&gt; estimator.onTransportFeedback
 * </pre>
 */
final class LinkSimulator {
    static final int PACKET_BYTES = 1200;
    static final long MS = 1_000_000L;
    private static final long PROPAGATION = 25 * MS;
    private static final long MAX_QUEUE = 300 * MS;
    private static final long FEEDBACK_INTERVAL = 50 * MS;

    /** What the sender sends each step, given the estimator. */
    interface Source {
        long mediaBps(SendSideBandwidthEstimator estimator);
    }

    private record InFlight(int seq, long arrival) {}

    private record Feedback(TransportWideFeedback packet, long due) {}

    final ManualClock clock = new ManualClock();
    final SendSideBandwidthEstimator estimator;
    final ProbeController probe;
    private final TransportFeedbackGenerator receiver = new TransportFeedbackGenerator(1, 2);
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Feedback> feedback = new ArrayDeque<>();
    private final Random random;
    private long capacityBps;
    private double lossRate;
    private long queueFreeAt;
    private double mediaBudget;
    private int seq;
    private long nextFeedback;
    long sentBytes;
    long paddingBytes;

    LinkSimulator(long capacityBps, long startBps, long seed) {
        this.capacityBps = capacityBps;
        this.estimator = new SendSideBandwidthEstimator(clock, startBps, 50_000, 20_000_000);
        this.estimator.onRtt(2 * PROPAGATION);
        this.probe = new ProbeController(clock, estimator);
        this.random = new Random(seed);
        this.nextFeedback = clock.nanos() + FEEDBACK_INTERVAL;
    }

    void capacity(long bps) {
        this.capacityBps = bps;
    }

    void loss(double rate) {
        this.lossRate = rate;
    }

    long now() {
        return clock.nanos();
    }

    /** Runs {@code millis} of simulated time; the sender sends what {@code source} says, plus probe padding. */
    void run(long millis, Source source, Runnable everyMillisecond) {
        for (long i = 0; i < millis; i++) {
            clock.advance(1, TimeUnit.MILLISECONDS);
            long now = clock.nanos();
            long media = source.mediaBps(estimator);
            probe.mediaBitrate(media);
            mediaBudget += media / 8.0 / 1000.0;
            while (mediaBudget >= PACKET_BYTES) {
                mediaBudget -= PACKET_BYTES;
                send(now, PACKET_BYTES);
            }
            int padding = probe.paddingBytes();
            while (padding > 0) {
                int size = Math.min(padding, PACKET_BYTES);
                padding -= size;
                paddingBytes += size;
                send(now, size);
            }
            while (!inFlight.isEmpty() && inFlight.peekFirst().arrival() <= now) {
                InFlight p = inFlight.pollFirst();
                receiver.onPacket(p.seq(), p.arrival());
            }
            if (now >= nextFeedback) {
                nextFeedback += FEEDBACK_INTERVAL;
                List<TransportWideFeedback> built = receiver.buildFeedback();
                for (TransportWideFeedback fb : built) {
                    feedback.addLast(new Feedback(fb, now + PROPAGATION));
                }
            }
            while (!feedback.isEmpty() && feedback.peekFirst().due() <= now) {
                estimator.onTransportFeedback(feedback.pollFirst().packet());
                probe.onFeedback();
            }
            if (everyMillisecond != null) {
                everyMillisecond.run();
            }
        }
    }

    private void send(long now, int size) {
        int s = seq++ & 0xFFFF;
        estimator.onPacketSent(s, size);
        sentBytes += size;
        long start = Math.max(now, queueFreeAt);
        if (start - now > MAX_QUEUE) {
            return; // tail drop
        }
        long done = start + size * 8L * 1_000_000_000L / capacityBps;
        queueFreeAt = done;
        if (random.nextDouble() < lossRate) {
            return; // lost on the link after the bottleneck
        }
        inFlight.addLast(new InFlight(s, done + PROPAGATION));
    }
}

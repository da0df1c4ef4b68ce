package dev.sfu.core.bwe;

import static dev.sfu.core.rtcp.TransportWideFeedback.NOT_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.testing.ManualClock;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SendSideBandwidthEstimatorTest {
    private final ManualClock clock = new ManualClock();
    private final SendSideBandwidthEstimator estimator = new SendSideBandwidthEstimator(clock, 1_000_000, 50_000, 5_000_000);

    @Test
    void rembIsTheEstimateWithoutTransportFeedbackAndACapWithIt() {
        assertEquals(1_000_000, estimator.estimateBps());
        estimator.onRemb(700_000);
        assertEquals(700_000, estimator.estimateBps());
        estimator.onRemb(9_000_000);
        assertEquals(5_000_000, estimator.estimateBps()); // clamped to max
        estimator.onRemb(10);
        assertEquals(50_000, estimator.estimateBps()); // clamped to min
        estimator.onPacketSent(1, 1000);
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, 1, 0, 0, List.of(4)));
        assertTrue(estimator.hasTransportFeedback());
        estimator.onRemb(600_000);
        assertEquals(600_000, estimator.estimateBps());
        estimator.onRemb(4_000_000);
        assertEquals(Math.min(estimator.delayBasedBps(), estimator.lossBasedBps()), estimator.estimateBps());
    }

    @Test
    void countsLossesOnceAndForgivesLateArrivals() {
        // 100 packets across the 16-bit wrap; the first feedback reports 10 lost, the second 5 of them received
        for (int i = 0; i < 100; i++) {
            estimator.onPacketSent((65500 + i) & 0xFFFF, 1000);
            clock.advance(1, TimeUnit.MILLISECONDS);
        }
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(i >= 40 && i < 50 ? NOT_RECEIVED : 4);
        }
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, 65500, 0, 0, first));
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            second.add(i < 5 ? 4 : NOT_RECEIVED);
        }
        // reported again: 40..44 received, 45..49 still lost (not counted twice)
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, (65500 + 40) & 0xFFFF, 1, 1, second));
        clock.advance(1, TimeUnit.SECONDS);
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, 9, 2, 2, List.of()));
        assertEquals(0.05, estimator.lossFraction(), 1e-9);
    }

    @Test
    void readsEveryEntryOfAFeedbackLargerThanItsStartScratch() {
        // one feedback for 1000 packets (the offsets scratch starts at 64 entries): the last 100 are lost
        int n = 1000;
        for (int i = 0; i < n; i++) {
            estimator.onPacketSent(i, 1000);
            clock.advance(1, TimeUnit.MILLISECONDS);
        }
        List<Integer> deltas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            deltas.add(i >= n - 100 ? NOT_RECEIVED : 4);
        }
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, 0, 0, 0, deltas));
        clock.advance(1, TimeUnit.SECONDS);
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, n, 1, 1, List.of()));
        assertEquals(0.1, estimator.lossFraction(), 1e-9);
    }

    @Test
    void ignoresFeedbackForPacketsNeverSent() {
        estimator.onPacketSent(10, 1000);
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, 20000, 0, 0, List.of(4, 4, 4)));
        assertEquals(0, estimator.acknowledgedBps());
        assertEquals(1, estimator.feedbacks());
    }

    @Test
    void unwrapsTheReferenceTimeAcrossItsWrap() {
        // two feedbacks 64 ms apart around the 24-bit wrap give a 64 ms arrival spacing, not -1000 s
        estimator.onPacketSent(0, 1000);
        clock.advance(64, TimeUnit.MILLISECONDS);
        estimator.onPacketSent(1, 1000);
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, 0, 0x7FFFFF, 0, List.of(0)));
        estimator.onTransportFeedback(new TransportWideFeedback(1, 2, 1, -0x800000, 1, List.of(0)));
        // 2000 bytes over 64 ms of arrivals, measured over at least one 20 ms bucket
        assertTrue(estimator.acknowledgedBps() > 0);
        assertFalse(estimator.usage() == BandwidthUsage.OVERUSING);
    }

    @Test
    void perPacketAndFeedbackPathsAllocateNothing() {
        List<TransportWideFeedback> feedbacks = new ArrayList<>();
        int seq = 0;
        for (int f = 0; f < 400; f++) {
            List<Integer> deltas = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                deltas.add(f % 7 == 0 && i == 3 ? NOT_RECEIVED : 20);
            }
            feedbacks.add(new TransportWideFeedback(1, 2, (seq + 20 * f) & 0xFFFF, f, f & 0xFF, deltas));
        }
        Runnable work = new Runnable() {
            int s;
            int f;

            @Override
            public void run() {
                for (int k = 0; k < 200; k++) {
                    for (int i = 0; i < 20; i++) {
                        clock.advance(5, TimeUnit.MILLISECONDS);
                        estimator.onPacketSent(s++ & 0xFFFF, 1200);
                    }
                    estimator.onTransportFeedback(feedbacks.get(f++));
                    estimator.estimateBps();
                }
            }
        };
        work.run(); // warm up
        long allocated = allocatedBytes(work);
        assertTrue(allocated < 2048, "allocated " + allocated + " bytes for 4000 packets and 200 feedbacks");
    }

    static long allocatedBytes(Runnable work) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        work.run();
        return bean.getCurrentThreadAllocatedBytes() - before;
    }
}

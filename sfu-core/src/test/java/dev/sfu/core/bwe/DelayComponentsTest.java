package dev.sfu.core.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** InterArrivalDelta, TrendlineEstimator and OveruseDetector on hand-made inputs. */
class DelayComponentsTest {
    private static final long MS = 1_000_000L;

    @Test
    void groupsPacketsSentWithinFiveMilliseconds() {
        InterArrivalDelta groups = new InterArrivalDelta();
        // group A: sent 0, 2, 5 ms; arrived 20, 22, 26
        assertFalse(groups.onPacket(0, 20 * MS));
        assertFalse(groups.onPacket(2 * MS, 22 * MS));
        assertFalse(groups.onPacket(5 * MS, 26 * MS));
        // group B starts at 10 ms (A had no predecessor: nothing yet)
        assertFalse(groups.onPacket(10 * MS, 31 * MS));
        assertFalse(groups.onPacket(12 * MS, 35 * MS));
        // group C completes B: send delta 12 - 5 = 7 ms, arrival delta 35 - 26 = 9 ms
        assertTrue(groups.onPacket(20 * MS, 41 * MS));
        assertEquals(7 * MS, groups.sendDeltaNanos());
        assertEquals(9 * MS, groups.arrivalDeltaNanos());
        assertEquals(35 * MS, groups.arrivalNanos());
    }

    @Test
    void burstDeliveredTogetherJoinsTheGroupAndReorderedPacketsAreIgnored() {
        InterArrivalDelta groups = new InterArrivalDelta();
        groups.onPacket(0, 50 * MS);
        // sent 8 ms later but arrived 1 ms later: the network delivered a burst
        assertFalse(groups.onPacket(8 * MS, 51 * MS));
        assertFalse(groups.onPacket(20 * MS, 70 * MS)); // new group
        assertFalse(groups.onPacket(7 * MS, 71 * MS)); // sent before the current group: ignored
        assertTrue(groups.onPacket(40 * MS, 90 * MS));
        assertEquals(12 * MS, groups.sendDeltaNanos()); // 20 - 8: the burst's last send
        assertEquals(19 * MS, groups.arrivalDeltaNanos()); // 70 - 51
    }

    @Test
    void trendIsZeroForConstantDelayAndFollowsAGrowingQueue() {
        TrendlineEstimator flat = new TrendlineEstimator();
        for (int i = 1; i <= 40; i++) {
            assertEquals(0.0, flat.update(10, 10, 10.0 * i), 1e-9);
        }
        TrendlineEstimator growing = new TrendlineEstimator();
        double modified = 0;
        for (int i = 1; i <= 200; i++) {
            modified = growing.update(11, 10, 11.0 * i); // 1 ms more queue per 11 ms
        }
        assertEquals(1 / 11.0, growing.slope(), 0.01);
        assertEquals(60 * growing.slope() * 4, modified, 1e-9);
    }

    @Test
    void detectsOveruseOnlyWhenItLastsAndUnderuseAtOnce() {
        OveruseDetector detector = new OveruseDetector();
        double now = 0;
        // above the 12.5 threshold: first sample counts 5 ms / 2, the second brings 12.5 ms > 10 ms
        assertEquals(BandwidthUsage.NORMAL, detector.detect(20, 0.1, 10, now += 10, true));
        assertEquals(BandwidthUsage.OVERUSING, detector.detect(20, 0.1, 10, now += 10, true));
        assertEquals(BandwidthUsage.NORMAL, detector.detect(0, 0, 10, now += 10, true));
        assertEquals(BandwidthUsage.UNDERUSING, detector.detect(-30, -0.2, 10, now += 10, true));
        assertEquals(BandwidthUsage.NORMAL, detector.detect(50, 0.5, 10, now += 10, false));
    }

    @Test
    void overuseNeedsATrendThatIsNotFalling() {
        OveruseDetector detector = new OveruseDetector();
        detector.detect(20, 0.3, 10, 10, true);
        assertEquals(BandwidthUsage.NORMAL, detector.detect(20, 0.2, 10, 20, true));
    }

    @Test
    void thresholdAdaptsSlowlyUpAndFasterDownWithinBounds() {
        OveruseDetector up = new OveruseDetector();
        up.detect(20, 0, 10, 0, true); // first sample: no time elapsed yet
        up.detect(20, 0, 10, 100, true);
        // 12.5 + 0.0087 * (20 - 12.5) * 100
        assertEquals(12.5 + 0.0087 * 7.5 * 100, up.threshold(), 1e-9);
        OveruseDetector down = new OveruseDetector();
        down.detect(0, 0, 10, 0, true);
        down.detect(0, 0, 10, 10, true);
        assertEquals(12.5 - 0.039 * 12.5 * 10, down.threshold(), 1e-9);
        down.detect(0, 0, 10, 150, true);
        assertEquals(6, down.threshold(), 1e-9); // floor
        OveruseDetector spike = new OveruseDetector();
        spike.detect(100, 0, 10, 0, true);
        spike.detect(100, 0, 10, 100, true); // beyond threshold + 15: not adapted
        assertEquals(12.5, spike.threshold(), 1e-9);
    }
}

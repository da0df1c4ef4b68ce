package dev.sfu.core.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** AimdRateController and LossBasedController against hand-computed steps. */
class RateControllersTest {
    private static final long MS = 1_000_000L;
    private static final long RTT = 100 * MS;

    @Test
    void overuseDecreasesToEightyFivePercentOfAcknowledged() {
        AimdRateController aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        aimd.update(BandwidthUsage.NORMAL, 900_000, 0, RTT);
        assertEquals(850_000 * 900 / 1000, aimd.update(BandwidthUsage.OVERUSING, 900_000, 50 * MS, RTT));
        // again within one RTT: held
        assertEquals(765_000, aimd.update(BandwidthUsage.OVERUSING, 800_000, 100 * MS, RTT));
        // after the RTT: decreases again
        assertEquals(680_000, aimd.update(BandwidthUsage.OVERUSING, 800_000, 160 * MS, RTT));
        assertEquals(2, aimd.decreases());
    }

    @Test
    void decreaseNeverRaisesTheRate() {
        AimdRateController aimd = new AimdRateController(500_000, 50_000, 10_000_000);
        assertEquals(500_000, aimd.update(BandwidthUsage.OVERUSING, 2_000_000, 0, RTT));
    }

    @Test
    void increasesEightPercentPerSecondFarFromTheLinkCapacity() {
        AimdRateController aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        aimd.update(BandwidthUsage.NORMAL, 1_000_000, 0, RTT);
        long rate = aimd.update(BandwidthUsage.NORMAL, 1_000_000, 1_000 * MS, RTT);
        assertEquals(1_080_000, rate, 1);
    }

    @Test
    void increaseIsCappedAtOneAndAHalfTimesAcknowledged() {
        AimdRateController aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        aimd.update(BandwidthUsage.NORMAL, 500_000, 0, RTT);
        // 1.5 x 500 kbps + 10 kbps = 760 kbps < 1 Mbps: held, not lowered
        assertEquals(1_000_000, aimd.update(BandwidthUsage.NORMAL, 500_000, 1_000 * MS, RTT));
        AimdRateController near = new AimdRateController(720_000, 50_000, 10_000_000);
        near.update(BandwidthUsage.NORMAL, 500_000, 0, RTT);
        assertEquals(760_000, near.update(BandwidthUsage.NORMAL, 500_000, 1_000 * MS, RTT)); // not 777.6 kbps
    }

    @Test
    void increasesAdditivelyNearTheLinkCapacity() {
        AimdRateController aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 0, RTT); // link capacity ~1 Mbps, rate 850 kbps
        aimd.update(BandwidthUsage.NORMAL, 850_000, 100 * MS, RTT);
        long before = aimd.bitrateBps();
        long after = aimd.update(BandwidthUsage.NORMAL, 850_000, 1_100 * MS, RTT);
        // ~855 kbps / 30 fps = 28.5 kbit a frame, 3 packets of 1200 bytes at most, 9.5 kbit each,
        // one packet per response time (RTT + 100 ms = 0.2 s): about 47 kbps in this second
        assertEquals(before / 30.0 / 3 / 0.2, after - before, 2);
    }

    @Test
    void underuseHolds() {
        AimdRateController aimd = new AimdRateController(1_000_000, 50_000, 10_000_000);
        aimd.update(BandwidthUsage.UNDERUSING, 1_000_000, 0, RTT);
        assertEquals(1_000_000, aimd.update(BandwidthUsage.UNDERUSING, 1_000_000, 1_000 * MS, RTT));
    }

    @Test
    void clampsToBounds() {
        AimdRateController aimd = new AimdRateController(100_000, 90_000, 105_000);
        aimd.update(BandwidthUsage.NORMAL, 100_000, 0, RTT);
        assertEquals(105_000, aimd.update(BandwidthUsage.NORMAL, 100_000, 1_000 * MS, RTT));
        assertEquals(90_000, aimd.update(BandwidthUsage.OVERUSING, 10_000, 2_000 * MS, RTT));
    }

    @Test
    void lossBelowTwoPercentIncreasesUpToTheDelayBasedRate() {
        LossBasedController loss = new LossBasedController(1_000_000, 50_000, 10_000_000);
        loss.onFeedback(100, 1, 0, RTT, 5_000_000);
        assertEquals(1_000_000, loss.bitrateBps()); // first interval not complete
        loss.onFeedback(100, 0, 1_000 * MS, RTT, 5_000_000);
        assertEquals(0.005, loss.lossFraction(), 1e-9);
        assertEquals(1_081_000, loss.bitrateBps());
        loss.onFeedback(100, 0, 2_000 * MS, RTT, 1_100_000);
        assertEquals(1_100_000, loss.bitrateBps());
    }

    @Test
    void lossAboveTenPercentDecreasesByHalfTheLossAtMostEvery300MsPlusRtt() {
        LossBasedController loss = new LossBasedController(1_000_000, 50_000, 10_000_000);
        loss.onFeedback(100, 20, 0, RTT, 5_000_000);
        loss.onFeedback(100, 20, 1_000 * MS, RTT, 5_000_000);
        assertEquals(0.2, loss.lossFraction(), 1e-9);
        assertEquals(900_000, loss.bitrateBps()); // x (1 - 0.2 / 2)
        // starts from the delay-based rate when that is lower
        loss.onFeedback(200, 40, 2_000 * MS, RTT, 500_000);
        assertEquals(450_000, loss.bitrateBps());
    }

    @Test
    void lossBetweenTwoAndTenPercentHolds() {
        LossBasedController loss = new LossBasedController(1_000_000, 50_000, 10_000_000);
        loss.onFeedback(100, 5, 0, RTT, 700_000);
        loss.onFeedback(100, 5, 1_000 * MS, RTT, 700_000);
        assertEquals(1_000_000, loss.bitrateBps());
    }

    @Test
    void lossIntervalNeedsTwentyPackets() {
        LossBasedController loss = new LossBasedController(1_000_000, 50_000, 10_000_000);
        loss.onFeedback(5, 5, 0, RTT, 5_000_000);
        loss.onFeedback(5, 5, 2_000 * MS, RTT, 5_000_000);
        assertEquals(1_000_000, loss.bitrateBps());
        loss.onFeedback(10, 0, 2_100 * MS, RTT, 5_000_000);
        assertTrue(loss.bitrateBps() < 1_000_000);
    }
}

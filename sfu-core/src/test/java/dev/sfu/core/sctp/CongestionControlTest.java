package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** cwnd and ssthresh rules of RFC 9260 §7.2. */
class CongestionControlTest {
    private static final int MTU = 1200;

    @Test
    void startsAtTheInitialWindowWithSsthreshThePeersWindow() {
        CongestionControl cc = new CongestionControl(MTU, 100_000);
        assertEquals(4380, cc.cwnd()); // min(4*1200, max(2*1200, 4380))
        assertEquals(100_000, cc.ssthresh());
    }

    @Test
    void slowStartGrowsByAtMostOneMtuPerSackAndOnlyWhenTheWindowWasFull() {
        CongestionControl cc = new CongestionControl(MTU, 100_000);
        cc.onAck(3000, true, 1000, 1); // window not in full use
        assertEquals(4380, cc.cwnd());
        cc.onAck(3000, true, 4380, 2);
        assertEquals(4380 + MTU, cc.cwnd());
        cc.onAck(500, true, 10_000, 3);
        assertEquals(4380 + MTU + 500, cc.cwnd());
        cc.onAck(500, false, 10_000, 3); // cumulative ack did not advance
        assertEquals(4380 + MTU + 500, cc.cwnd());
    }

    @Test
    void congestionAvoidanceGrowsOneMtuPerWindowOfAckedBytes() {
        CongestionControl cc = new CongestionControl(MTU, 100_000);
        cc.onRetransmissionTimeout(); // ssthresh 4*MTU (4800), cwnd one MTU
        assertEquals(MTU, cc.cwnd());
        assertEquals(4 * MTU, cc.ssthresh());
        for (int i = 0; i < 4; i++) {
            cc.onAck(MTU, true, 100_000, i);
        }
        assertEquals(5 * MTU, cc.cwnd()); // slow start up to above ssthresh
        cc.onAck(3 * MTU, true, 100_000, 10);
        assertEquals(5 * MTU, cc.cwnd(), "partial_bytes_acked below cwnd");
        cc.onAck(2 * MTU, true, 100_000, 11);
        assertEquals(6 * MTU, cc.cwnd());
    }

    @Test
    void fastRetransmitHalvesTheWindowOnceAndRecoveryEndsAtItsExitPoint() {
        CongestionControl cc = new CongestionControl(MTU, 1_000_000);
        for (int i = 0; i < 20; i++) {
            cc.onAck(MTU, true, 1_000_000, i);
        }
        long before = cc.cwnd();
        cc.onFastRetransmit(100);
        assertEquals(Math.max(before / 2, 4 * MTU), cc.cwnd());
        assertTrue(cc.inFastRecovery());
        cc.onFastRetransmit(120); // in Fast Recovery: no second reduction
        assertEquals(Math.max(before / 2, 4 * MTU), cc.cwnd());
        cc.onAck(MTU, true, 1_000_000, 99);
        assertEquals(Math.max(before / 2, 4 * MTU), cc.cwnd(), "no growth in Fast Recovery");
        cc.onAck(MTU, true, 1_000_000, 100);
        assertFalse(cc.inFastRecovery());
    }

    @Test
    void t3ExpiryFallsBackToOneMtu() {
        CongestionControl cc = new CongestionControl(MTU, 50_000);
        cc.onRetransmissionTimeout();
        assertEquals(MTU, cc.cwnd());
        assertEquals(4 * MTU, cc.ssthresh());
    }

    @Test
    void rtoFollowsRfc9260Section631AndBacksOffToTheMaximum() {
        RtoEstimator rto = new RtoEstimator(1_000, 200, 4_000);
        assertEquals(1_000, rto.rto());
        rto.onRttSample(100); // SRTT 100, RTTVAR 50: 300
        assertEquals(300, rto.rto());
        rto.onRttSample(100); // RTTVAR 37, SRTT 100: 248
        assertEquals(248, rto.rto());
        rto.onRttSample(10); // clamped to RTO.Min
        assertTrue(rto.rto() >= 200);
        rto.backOff();
        rto.backOff();
        rto.backOff();
        rto.backOff();
        rto.backOff();
        assertEquals(4_000, rto.rto());
    }
}

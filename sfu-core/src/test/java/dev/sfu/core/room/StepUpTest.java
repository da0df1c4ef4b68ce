package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepUpTest {
    private static final long[] RATES = {150_000, 500_000, 1_500_000};
    private long now = 1_000_000_000L;
    private final DownlinkEstimator downlink = new DownlinkEstimator(() -> now);

    private static LayerAllocator.Candidate candidate(int priority, int ceiling, int current, boolean recentlyDown) {
        return new LayerAllocator.Candidate(priority, ceiling, RATES, current, recentlyDown, -1);
    }

    private void freshFeedback() {
        // A feedback that reports nothing still marks the estimate as fresh.
        downlink.onFeedback(new dev.sfu.core.rtcp.TransportWideFeedback(1, 2, 0, 0, 0, java.util.List.of(0)));
    }

    @Test
    void asksForTheNextLayerOfTheMostImportantHeldBackSubscriptionAndProbes() {
        freshFeedback();
        LayerAllocator.Candidate[] candidates = {candidate(0, 2, 1, false), candidate(5, 2, 0, false)};
        LayerAllocator.Decision[] decisions = {new LayerAllocator.Decision(1, -1), new LayerAllocator.Decision(0, -1)};
        long desired = StepUp.request(downlink, candidates, decisions, 50_000, 650_000);
        // 500k + 150k allocated, the priority-5 one's step 0 -> 1 costs 350k x 1.15, plus audio
        assertEquals(650_000 + (long) (350_000 * LayerAllocator.UP_MARGIN) + 50_000, desired);
        assertTrue(downlink.snapshot().probing() || downlink.estimateBps() >= desired,
                "a probe starts when the estimate is short: " + downlink.snapshot());
    }

    @Test
    void nothingToAskWhenEveryoneIsAtItsCeilingOrJustSteppedDown() {
        freshFeedback();
        LayerAllocator.Candidate[] candidates = {candidate(0, 1, 1, false), candidate(0, 2, 0, true)};
        LayerAllocator.Decision[] decisions = {new LayerAllocator.Decision(1, -1), new LayerAllocator.Decision(0, -1)};
        assertEquals(-1, StepUp.request(downlink, candidates, decisions, 0, 650_000));
        assertFalse(downlink.snapshot().probing());
    }

    @Test
    void aStaleEstimateIsNotProbed() {
        freshFeedback();
        now += DownlinkEstimator.STALE_NANOS + 1;
        LayerAllocator.Candidate[] candidates = {candidate(0, 2, 0, false)};
        LayerAllocator.Decision[] decisions = {new LayerAllocator.Decision(0, -1)};
        assertTrue(StepUp.request(downlink, candidates, decisions, 0, 150_000) > 0, "the step is still wanted");
        assertFalse(downlink.snapshot().probing(), "no feedback for 2 s: a probe could not be judged");
    }
}

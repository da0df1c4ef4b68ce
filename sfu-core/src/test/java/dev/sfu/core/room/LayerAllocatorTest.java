package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfu.core.room.LayerAllocator.Candidate;
import dev.sfu.core.room.LayerAllocator.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LayerAllocatorTest {
    private static final long[] THREE_LAYERS = {150_000, 500_000, 1_500_000};

    private static Candidate candidate(int priority, int ceiling, int current, boolean recentlyDown) {
        return new Candidate(priority, ceiling, THREE_LAYERS.clone(), current, recentlyDown, -1);
    }

    /** Only a step down the budget forced holds later step-ups; one the receiver asked for does not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                                     ceiling, previous, decided, holds
        "the budget forced layer 2 down to 1,              2,        2,       1,  true",
        "the budget forced layer 1 down to 0 under ceiling 1, 1,     1,       0,  true",
        "the receiver asked low: ceiling 0,                0,        2,       0,  false",
        "a smaller tile: ceiling 1,                        1,        2,       1,  false",
        "no change,                                        2,        1,       1,  false",
        "a step up,                                        2,        0,       2,  false",
        "paused: nothing wanted,                          -1,        2,      -1,  false",
    })
    void onlyABudgetStepDownHoldsStepUps(String name, int ceiling, int previous, int decided, boolean holds) {
        assertEquals(holds, LayerAllocator.holdsStepUps(candidate(0, ceiling, previous, false), previous,
                new Decision(decided, -1)), name);
    }

    @Test
    void withoutAnEstimateEveryoneGetsTheirCeiling() {
        Decision[] decisions = LayerAllocator.allocate(new Candidate[] {
            candidate(0, 2, -1, false), candidate(0, 0, -1, false), candidate(0, -1, -1, false)}, -1);
        assertEquals(2, decisions[0].layer());
        assertEquals(0, decisions[1].layer());
        assertEquals(-1, decisions[2].layer(), "paused or nothing arriving: nothing");
    }

    @Test
    void theBudgetGoesToPriorityFirst() {
        // 2.2 Mbps: the large tile (priority 1) climbs to 1.5M, the thumbnail keeps 150k... and takes 500k.
        Decision[] decisions = LayerAllocator.allocate(new Candidate[] {
            candidate(0, 2, 0, false), candidate(1, 2, 0, false)}, 2_200_000);
        assertEquals(2, decisions[1].layer(), "the priority track gets the top layer");
        assertEquals(1, decisions[0].layer(), "the thumbnail gets what is left");
    }

    @Test
    void stepUpNeedsHeadroomButStayingDoesNot() {
        // 520k: layer 1 (500k) fits exactly; staying there is fine, climbing to it needs 15% headroom on the step.
        long budget = 520_000;
        assertEquals(1, LayerAllocator.allocate(new Candidate[] {candidate(0, 2, 1, false)}, budget)[0].layer());
        assertEquals(0, LayerAllocator.allocate(new Candidate[] {candidate(0, 2, 0, false)}, budget)[0].layer());
        assertEquals(1, LayerAllocator.allocate(new Candidate[] {candidate(0, 2, 0, false)}, 560_000)[0].layer());
    }

    @Test
    void noStepUpRightAfterAStepDown() {
        Decision held = LayerAllocator.allocate(new Candidate[] {candidate(0, 2, 0, true)}, 10_000_000)[0];
        assertEquals(0, held.layer(), "recently stepped down: hold");
        Decision free = LayerAllocator.allocate(new Candidate[] {candidate(0, 2, 0, false)}, 10_000_000)[0];
        assertEquals(2, free.layer());
    }

    @Test
    void whenNothingFitsEveryoneKeepsTheLowestLayerAtAReducedFrameRate() {
        Decision[] decisions = LayerAllocator.allocate(new Candidate[] {
            candidate(0, 2, 0, false), candidate(5, 2, 0, false)}, 100_000);
        assertEquals(0, decisions[1].layer());
        assertEquals(1, decisions[1].temporalLayer(), "the priority track keeps two temporal layers (60% of 150k)");
        assertEquals(0, decisions[0].layer());
        assertEquals(0, decisions[0].temporalLayer(), "the other drops to the base temporal layer");
    }

    @Test
    void aLayerThatStoppedIsSkipped() {
        long[] topStopped = {150_000, 500_000, 0};
        Decision decision = LayerAllocator.allocate(new Candidate[] {
            new Candidate(0, 1, topStopped, 2, false, -1)}, 10_000_000)[0];
        assertEquals(1, decision.layer());
    }

    @ParameterizedTest(name = "maxLayer {0}, rendered {1}x{2}, paused {3} -> {4}")
    @CsvSource({
        "-1, 0, 0, false, 2",
        "0, 0, 0, false, 0",
        "1, 0, 0, false, 1",
        "-1, 320, 180, false, 0",
        "-1, 330, 186, false, 0",
        "-1, 400, 225, false, 1",
        "-1, 640, 360, false, 1",
        "-1, 1920, 1080, false, 2",
        "0, 1920, 1080, false, 0",
        "-1, 0, 0, true, -1",
    })
    void ceilingFollowsWhatTheReceiverAskedFor(int maxLayer, int width, int height, boolean paused, int expected) {
        int[] widths = {320, 640, 1280};
        int[] heights = {180, 360, 720};
        assertEquals(expected, LayerAllocator.ceiling(maxLayer, width, height, paused, widths, heights, THREE_LAYERS));
    }

    @Test
    void ceilingFallsBackToArrivingLayers() {
        int[] unknown = {0, 0, 0};
        long[] onlyTop = {0, 0, 1_500_000};
        assertEquals(2, LayerAllocator.ceiling(0, 0, 0, false, unknown, unknown, onlyTop),
                "a bigger picture beats none");
        long[] onlyLow = {150_000, 0, 0};
        assertEquals(0, LayerAllocator.ceiling(2, 0, 0, false, unknown, unknown, onlyLow));
        assertEquals(-1, LayerAllocator.ceiling(2, 0, 0, false, unknown, unknown, new long[3]));
        assertEquals(1, LayerAllocator.ceiling(-1, 600, 340, false, unknown, unknown, THREE_LAYERS),
                "unknown sizes are assumed to halve per layer below 1280x720");
    }
}

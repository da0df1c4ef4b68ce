package dev.sfu.core.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.testing.ManualClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The probe state machine, with the estimate set through REMB (no transport-cc: REMB is the estimate). */
class ProbeControllerTest {
    private final ManualClock clock = new ManualClock();
    private final SendSideBandwidthEstimator estimator = new SendSideBandwidthEstimator(clock);
    private final ProbeController probe = new ProbeController(clock, estimator);

    private void advance(long millis) {
        clock.advance(millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void noProbeWhenTheEstimateAlreadyAllowsTheStep() {
        estimator.onRemb(2_000_000);
        assertTrue(probe.requestStepUp(1_200_000, 300_000));
        assertFalse(probe.isProbing());
        assertEquals(0, probe.paddingBytes());
    }

    @Test
    void padsTheDifferenceUpToTwiceTheEstimateForHalfASecond() {
        estimator.onRemb(500_000);
        assertFalse(probe.requestStepUp(1_200_000, 300_000));
        assertTrue(probe.isProbing());
        assertEquals(1_000_000, probe.probeBps()); // min(1.2 Mbps, 2 x 500 kbps)
        advance(10);
        assertEquals(875, probe.paddingBytes()); // (1000 - 300) kbps x 10 ms / 8
        advance(100);
        assertEquals(1750, probe.paddingBytes()); // the bucket holds 20 ms at most
        probe.mediaBitrate(1_000_000);
        advance(10);
        assertEquals(0, probe.paddingBytes()); // media alone reaches the probe rate
        advance(400);
        probe.mediaBitrate(0);
        assertEquals(0, probe.paddingBytes()); // 520 ms: the probe is over
    }

    @Test
    void failedProbesBackOffExponentially() {
        estimator.onRemb(500_000);
        probe.requestStepUp(1_200_000, 300_000);
        advance(700); // 500 ms + RTT (100 ms default): judged, nothing acknowledged
        assertEquals(ProbeController.Outcome.FAILED, probe.onFeedback());
        assertFalse(probe.requestStepUp(1_200_000, 300_000));
        assertFalse(probe.isProbing()); // backing off 2 s
        advance(2_000);
        probe.requestStepUp(1_200_000, 300_000);
        assertTrue(probe.isProbing());
        advance(700);
        assertEquals(ProbeController.Outcome.FAILED, probe.onFeedback());
        advance(3_000);
        probe.requestStepUp(1_200_000, 300_000);
        assertFalse(probe.isProbing()); // now 4 s
        advance(1_000);
        probe.requestStepUp(1_200_000, 300_000);
        assertTrue(probe.isProbing());
        assertEquals(3, probe.probes());
        assertEquals(0, probe.successes());
    }

    @Test
    void waitsForFeedbackCoveringTheProbe() {
        estimator.onRemb(500_000);
        probe.requestStepUp(1_200_000, 300_000);
        advance(300);
        assertEquals(ProbeController.Outcome.NONE, probe.onFeedback());
        assertTrue(probe.isProbing());
        assertEquals(ProbeController.Outcome.NONE, new ProbeController(clock, estimator).onFeedback());
    }
}

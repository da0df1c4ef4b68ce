package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The stall rules on a clock of its own: one sample per second, a 2 s threshold. */
class StallTrackerTest {
    private static final long S = 1_000_000_000L;
    private final StallTracker tracker = new StallTracker(2 * S);

    /** A subscription "sub/1" (video of pub) at second {@code t}. */
    private StallTracker.Sample sample(long t, long packets, long lastArrival, long resumed, long publisherSent) {
        tracker.observe("sub", "1", "video", "pub", packets, lastArrival, resumed, publisherSent, t * S);
        return tracker.endSample();
    }

    @Test
    void silenceWhilePublisherSendsIsOneStallFromTheLastPacketToTheNext() {
        tracker.start(0);
        assertEquals(new StallTracker.Sample(0, 0), sample(1, 30, S, 0, 30));
        assertEquals(new StallTracker.Sample(0, 0), sample(2, 30, S, 0, 60), "silent 1 s: not yet");
        assertEquals(new StallTracker.Sample(1, 1), sample(3, 30, S, 0, 90), "silent 2 s: a stall");
        assertEquals(new StallTracker.Sample(0, 1), sample(4, 30, S, 0, 120), "still the same stall");
        // packets again: the first came at 4.5 s, ending a 3.5 s silence
        assertEquals(new StallTracker.Sample(0, 0), sample(5, 45, 5 * S, 4 * S + S / 2, 150));
        tracker.finish(6 * S);

        List<Report.Stall> stalled = tracker.stalled();
        assertEquals(1, tracker.stalls());
        assertEquals(List.of(new Report.Stall("sub", "1", "video", "pub", 1, 3500, false)), stalled);
    }

    @Test
    void silentPublisherIsNoStall() {
        tracker.start(0);
        sample(1, 30, S, 0, 30);
        for (int t = 2; t <= 6; t++) {
            assertEquals(new StallTracker.Sample(0, 0), sample(t, 30, S, 0, 30), "second " + t);
        }
        assertEquals(0, tracker.stalls());
        assertTrue(tracker.stalled().isEmpty());
    }

    @Test
    void subscriptionThatNeverReceivedStallsFromTheWindowStartUntilTheEnd() {
        tracker.start(10 * S);
        assertEquals(new StallTracker.Sample(0, 0), sample(11, 0, 0, 0, 100));
        assertEquals(new StallTracker.Sample(1, 1), sample(12, 0, 0, 0, 200));
        tracker.finish(15 * S);

        Report.Stall stall = tracker.stalled().get(0);
        assertEquals(1, stall.stalls());
        assertEquals(5000, stall.stalledMillis(), "the window's start to its end");
        assertTrue(stall.stalledAtEnd());
    }

    @Test
    void twoSilencesAreTwoStallsAndShortGapsAreNone() {
        tracker.start(0);
        sample(1, 10, S, 0, 10);
        sample(3, 10, S, 0, 20); // stall 1
        sample(4, 20, 4 * S, 3 * S + S / 2, 30); // resumed at 3.5 s
        sample(5, 30, 5 * S, 0, 40); // 1 s gaps only
        sample(6, 30, 5 * S, 0, 50);
        sample(7, 30, 5 * S, 0, 60); // stall 2
        tracker.finish(8 * S);

        assertEquals(2, tracker.stalls());
        Report.Stall stall = tracker.stalled().get(0);
        assertEquals(2, stall.stalls());
        assertEquals(2500 + 3000, stall.stalledMillis());
        assertTrue(stall.stalledAtEnd());
    }

    @Test
    void subscriptionsAreTrackedApart() {
        tracker.start(0);
        for (int t = 1; t <= 4; t++) {
            tracker.observe("a", "1", "audio", "pub", 50L * t, t * S, 0, 50L * t, t * S);
            tracker.observe("b", "1", "audio", "pub", 50, S, 0, 50L * t, t * S);
            tracker.endSample();
        }
        tracker.finish(4 * S);
        assertEquals(1, tracker.stalled().size());
        assertEquals("b", tracker.stalled().get(0).subscriber());
        assertFalse(tracker.stalled().stream().anyMatch(s -> s.subscriber().equals("a")));
    }

    @Test
    void subscriberThatLeavesWhileStalledEndsItsStallThereAndOneThatLeavesCleanIsForgotten() {
        tracker.start(0);
        sample(1, 30, S, 0, 30);
        tracker.observe("other", "1", "audio", "pub", 50, S, 0, 50, S);
        tracker.endSample();
        sample(2, 30, S, 0, 60);
        assertEquals(new StallTracker.Sample(1, 1), sample(3, 30, S, 0, 90), "silent 2 s: a stall");
        tracker.leave("sub", 4 * S); // churn takes it away, stalled: the stall lasted 1 s .. 4 s
        tracker.leave("other", 4 * S); // never stalled: gone
        assertEquals(new StallTracker.Sample(0, 0), tracker.endSample());
        tracker.finish(10 * S);

        assertEquals(List.of(new Report.Stall("sub", "1", "video", "pub", 1, 3000, false)), tracker.stalled(),
                "the stall ends at the leave, not at the window's end");
        assertEquals(1, tracker.stalls());
    }

    @Test
    void newcomerSilenceCountsFromWhenItJoinedNotTheWindowStart() {
        tracker.start(0);
        // a churn newcomer joins at 10 s: its silence starts there (the caller passes max(joined, last packet))
        assertEquals(new StallTracker.Sample(0, 0), sample(11, 0, 10 * S, 0, 300));
        assertEquals(new StallTracker.Sample(0, 0), sample(12, 20, 12 * S, 0, 330), "first packets after 1-2 s");
        assertEquals(0, tracker.stalls());
    }
}

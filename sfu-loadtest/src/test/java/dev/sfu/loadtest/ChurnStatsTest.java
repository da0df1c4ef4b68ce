package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The churn accounting, without peers: leaves keep the sums whole, delivery and first-media times. */
class ChurnStatsTest {
    private static final long MS = 1_000_000L;

    private static ReceivedStream stream(int sender, boolean video, long first, long last, long packets,
            long firstPacketNanos, long firstFrameNanos) {
        ReceivedStream r = new ReceivedStream();
        r.senderId = sender;
        r.video = video;
        r.firstCounter = first;
        r.lastCounter = last;
        r.packets = packets;
        r.firstPacketNanos = firstPacketNanos;
        r.firstFrameNanos = firstFrameNanos;
        return r;
    }

    @Test
    void leaverDeliveryRunsFromItsFirstToItsLastPacketFromOurPublishers() {
        List<ReceivedStream> got = List.of(
                stream(1, false, 100, 199, 100, 1, 0), // audio: all 100
                stream(1, true, 50, 349, 298, 1, 1), // video: 2 missing in the range
                stream(9, false, 0, 999, 10, 1, 0)); // not one of our publishers: left out
        assertArrayEquals(new long[] {400, 398}, ChurnStats.delivery(got, Set.of(1), false));
        assertArrayEquals(new long[] {100, 100}, ChurnStats.delivery(got, Set.of(1), true),
                "simulcast: video has a counter per layer, audio only");
    }

    @Test
    void firstPacketAndFirstFrameAreTheEarliestAfterTheJoinStarted() {
        long start = 1_000 * MS;
        List<ReceivedStream> got = List.of(stream(1, false, 0, 0, 1, start + 700 * MS, 0),
                stream(1, true, 0, 0, 1, start + 650 * MS, start + 900 * MS));
        assertArrayEquals(new long[] {650, 900}, ChurnStats.firstMedia(got, start));
        assertArrayEquals(new long[] {700, -1}, ChurnStats.firstMedia(List.of(got.get(0)), start),
                "audio only so far: no frame");
        assertArrayEquals(new long[] {-1, -1}, ChurnStats.firstMedia(List.of(), start));
    }

    @Test
    void leavesAndJoinsAreCountedPerSecondAndInTotal() {
        ChurnStats stats = new ChurnStats();
        PeerTotals last = new PeerTotals(0, 0, 1000, 50_000, 2, 0, 0, 0, 0, 0);
        stats.left(last, 1, new long[] {1002, 1000});
        stats.left(last, 0, new long[] {10, 10});
        stats.joined();
        assertArrayEquals(new int[] {2, 1}, stats.takeSecond());
        assertArrayEquals(new int[] {0, 0}, stats.takeSecond(), "reset each second");
        stats.joined();
        stats.joinFailed("churn-3: timed out");
        stats.firstMedia(new long[] {400, 800});
        stats.firstMedia(new long[] {600, 1200});
        stats.firstMedia(new long[] {500, -1});

        assertEquals(last.plus(last), stats.departed(), "what the leavers had received stays in the sums");
        assertEquals(1, stats.departedSignalingErrors());
        assertArrayEquals(new long[] {1012, 1010}, stats.delivery());
        Report.Churn r = stats.report(20, 0);
        assertEquals(new Report.Churn(20, 2, 2, 1, 0, new Report.JoinTimes(500, 600, 600, 3),
                new Report.JoinTimes(800, 1200, 1200, 2), 1, 1012, 1010, "churn-3: timed out"), r);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> v = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertEquals(5, ChurnStats.percentile(v, 0.5));
        assertEquals(10, ChurnStats.percentile(v, 0.99));
        assertEquals(1, ChurnStats.percentile(List.of(1L), 0.99));
        assertEquals(-1, ChurnStats.percentile(List.of(), 0.5));
        assertNull(new ChurnStats().report(0, 0).lastError());
    }
}

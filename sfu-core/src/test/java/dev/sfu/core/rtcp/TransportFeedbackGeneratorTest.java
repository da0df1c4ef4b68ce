package dev.sfu.core.rtcp;

import static dev.sfu.core.rtcp.TransportWideFeedback.NOT_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportFeedbackGeneratorTest {
    /** 6.4 s: exactly 100 reference time units (64 ms), 25600 ticks (250 us). */
    private static final long T0 = 6_400_000_000L;
    private static final long MS = 1_000_000L;

    private final TransportFeedbackGenerator generator = new TransportFeedbackGenerator(1, 2);

    private TransportWideFeedback single() {
        List<TransportWideFeedback> fbs = generator.buildFeedback();
        assertEquals(1, fbs.size());
        return fbs.get(0);
    }

    @Test
    void reportsInOrderPacketsAgainstAReferenceTime() {
        generator.onPacket(10, T0);
        generator.onPacket(11, T0 + 1 * MS);
        generator.onPacket(12, T0 + 3 * MS + MS / 2);
        assertEquals(3, generator.pendingCount());
        // ref 100 (6.4 s); deltas 0, 1 ms = 4 ticks, 2.5 ms = 10 ticks
        assertEquals(new TransportWideFeedback(1, 2, 10, 100, 0, List.of(0, 4, 10)), single());
        assertFalse(generator.hasPending());
        assertEquals(List.of(), generator.buildFeedback());
    }

    @Test
    void firstDeltaIsRelativeToTheReferenceTimeFloor() {
        generator.onPacket(0, T0 + 63 * MS); // 63 ms into unit 100: delta 252 ticks
        assertEquals(List.of(252), single().receiveDeltas());
    }

    @Test
    void reportsGapsAsNotReceived() {
        generator.onPacket(10, T0);
        generator.onPacket(13, T0 + MS);
        assertEquals(List.of(0, NOT_RECEIVED, NOT_RECEIVED, 4), single().receiveDeltas());
    }

    @Test
    void reorderedArrivalGivesANegativeDelta() {
        generator.onPacket(10, T0);
        generator.onPacket(12, T0 + MS);
        generator.onPacket(11, T0 + 2 * MS);
        // 11 arrived 2 ms after 10 (8 ticks), 12 arrived 1 ms before 11 (-4 ticks)
        assertEquals(List.of(0, 8, -4), single().receiveDeltas());
    }

    @Test
    void lateArrivalAfterItsFeedbackIsReportedAgain() {
        generator.onPacket(10, T0);
        generator.onPacket(12, T0 + MS);
        assertEquals(List.of(0, NOT_RECEIVED, 4), single().receiveDeltas());
        generator.onPacket(11, T0 + 3 * MS);
        generator.onPacket(13, T0 + 4 * MS);
        // window moved back to 11: 11 at 3 ms (12 ticks), 12 again at 1 ms (-8), 13 at 4 ms (+12)
        assertEquals(new TransportWideFeedback(1, 2, 11, 100, 1, List.of(12, -8, 12)), single());
    }

    @Test
    void ignoresDuplicates() {
        generator.onPacket(10, T0);
        generator.onPacket(10, T0 + 5 * MS);
        generator.onPacket(11, T0 + MS);
        assertEquals(List.of(0, 4), single().receiveDeltas());
        generator.onPacket(11, T0 + 6 * MS);
        assertFalse(generator.hasPending());
    }

    @Test
    void unwrapsTheSequenceNumberAcrossTheWrap() {
        generator.onPacket(65534, T0);
        generator.onPacket(0, T0 + 2 * MS);
        generator.onPacket(65535, T0 + MS);
        generator.onPacket(1, T0 + 3 * MS);
        TransportWideFeedback fb = single();
        assertEquals(65534, fb.baseSequence());
        assertEquals(List.of(0, 4, 4, 4), fb.receiveDeltas());
    }

    @Test
    void splitsWhenADeltaDoesNotFitSixteenBits() {
        generator.onPacket(10, T0);
        generator.onPacket(11, T0 + 9_000 * MS); // 36000 ticks > 32767
        List<TransportWideFeedback> fbs = generator.buildFeedback();
        assertEquals(2, fbs.size());
        assertEquals(new TransportWideFeedback(1, 2, 10, 100, 0, List.of(0)), fbs.get(0));
        // 15.4 s = 240.625 units: ref 240, first delta 0.625 x 256 = 160 ticks
        assertEquals(new TransportWideFeedback(1, 2, 11, 240, 1, List.of(160)), fbs.get(1));
    }

    @Test
    void boundsThePacketsOfOneFeedback() {
        TransportFeedbackGenerator small = new TransportFeedbackGenerator(1, 2, 3);
        for (int i = 0; i < 7; i++) {
            small.onPacket(i, T0 + i * MS);
        }
        List<TransportWideFeedback> fbs = small.buildFeedback();
        assertEquals(List.of(3, 3, 1), fbs.stream().map(TransportWideFeedback::packetStatusCount).toList());
        assertEquals(List.of(0, 3, 6), fbs.stream().map(TransportWideFeedback::baseSequence).toList());
        assertEquals(List.of(0, 1, 2), fbs.stream().map(TransportWideFeedback::feedbackPacketCount).toList());
        assertTrue(fbs.stream().allMatch(fb -> fb.encodedLength() <= 1200));
    }

    @Test
    void feedbackCountWrapsAt256() {
        for (int i = 0; i < 257; i++) {
            generator.onPacket(i, T0 + i * MS);
            TransportWideFeedback fb = single();
            assertEquals(i & 0xFF, fb.feedbackPacketCount());
        }
    }

    @Test
    void ignoresPacketsOlderThanTheHistory() {
        generator.onPacket(0, T0);
        generator.buildFeedback();
        for (int i = 1; i <= TransportFeedbackGenerator.HISTORY + 10; i++) {
            generator.onPacket(i, T0 + i * MS / 10);
        }
        generator.buildFeedback();
        generator.onPacket(5, T0 + 1_000 * MS);
        assertEquals(1, generator.ignoredTooOld());
        assertFalse(generator.hasPending());
    }

    @Test
    void encodedFeedbackGivesBackTheArrivalTimes() throws RtcpException {
        Random random = new Random(42);
        Map<Integer, Long> sent = new HashMap<>();
        long now = T0 + 17 * MS;
        List<int[]> order = new ArrayList<>();
        for (int seq = 65000; seq < 65000 + 2000; seq++) {
            if (random.nextInt(100) < 5) {
                continue; // lost
            }
            now += random.nextInt(3 * (int) MS);
            order.add(new int[] {seq & 0xFFFF});
            sent.put(seq & 0xFFFF, now);
        }
        // swap neighbours now and then: reordering
        for (int i = 1; i < order.size(); i++) {
            if (random.nextInt(10) == 0) {
                int[] a = order.get(i - 1);
                order.set(i - 1, order.get(i));
                order.set(i, a);
            }
        }
        List<TransportWideFeedback> all = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            generator.onPacket(order.get(i)[0], sent.get(order.get(i)[0]));
            if (i % 37 == 0) {
                all.addAll(generator.buildFeedback());
            }
        }
        all.addAll(generator.buildFeedback());
        Map<Integer, Long> reported = new HashMap<>();
        long[] offsets = new long[TransportFeedbackGenerator.DEFAULT_MAX_STATUS_COUNT];
        for (TransportWideFeedback fb : all) {
            TransportWideFeedback parsed = (TransportWideFeedback) RtcpBytes.parseSingle(RtcpBytes.encode(fb));
            int n = parsed.arrivalOffsetsMicros(offsets);
            for (int i = 0; i < n; i++) {
                if (offsets[i] != Long.MIN_VALUE) {
                    reported.put(parsed.sequenceNumber(i), parsed.referenceTimeMicros() + offsets[i]);
                }
            }
        }
        assertEquals(sent.keySet(), reported.keySet());
        for (Map.Entry<Integer, Long> e : sent.entrySet()) {
            long expectedMicros = Math.floorDiv(e.getValue(), 250_000L) * 250;
            assertEquals(expectedMicros, reported.get(e.getKey()), "seq " + e.getKey());
        }
    }

    @Test
    void recordingAPacketAllocatesNothing() {
        for (int i = 0; i < 50_000; i++) {
            generator.onPacket(i, T0 + i * MS);
        }
        generator.buildFeedback();
        long allocated = allocatedBytes(() -> {
            for (int i = 50_000; i < 250_000; i++) {
                generator.onPacket(i, T0 + i * MS);
            }
        });
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 200k packets");
    }

    static long allocatedBytes(Runnable work) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        work.run();
        return bean.getCurrentThreadAllocatedBytes() - before;
    }
}

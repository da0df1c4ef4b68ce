package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamRewriterTest {
    private static final long MS = 1_000_000L;

    @Test
    void startsTheOutgoingStreamAtItsOwnBases() {
        StreamRewriter rewriter = new StreamRewriter(1000, 5_000_000L, 90_000);
        rewriter.startSegment(42_000, 123_456L, -1, -1, 0);
        assertEquals(1000, rewriter.sequence(42_000));
        assertEquals(1001, rewriter.sequence(42_001));
        assertEquals(5_000_000L, rewriter.timestamp(123_456L));
        assertEquals(5_003_000L, rewriter.timestamp(126_456L));
    }

    @Test
    void aLongSegmentKeepsAcceptingPastHalfTheSequenceSpace() {
        // Regression: packets were compared with the segment's first number forever, so after 32768 packets of one
        // segment (about 160 s of one video layer) every packet was refused and the receiver's video stopped.
        StreamRewriter rewriter = new StreamRewriter(7, 0, 90_000);
        rewriter.startSegment(60_000, 0, -1, -1, 0);
        int expectedOut = 7;
        for (int i = 0; i < 200_000; i++) {
            int in = (60_000 + i) & 0xFFFF;
            assertTrue(rewriter.accepts(in), "packet " + i + " of the segment");
            assertEquals(expectedOut, rewriter.sequence(in));
            expectedOut = (expectedOut + 1) & 0xFFFF;
        }
        assertFalse(rewriter.accepts((60_000 + 200_000 - 600) & 0xFFFF), "older than the window: refused");
    }

    @Test
    void aPacketFromBeforeTheSegmentIsRefused() {
        StreamRewriter rewriter = new StreamRewriter(7, 0, 90_000);
        rewriter.startSegment(100, 0, -1, -1, 0);
        assertTrue(rewriter.accepts(100));
        rewriter.sequence(100);
        assertFalse(rewriter.accepts(99), "the last packet of the previous segment");
        assertTrue(rewriter.accepts(101));
    }

    @Test
    void sequenceNumbersWrapOnBothSides() {
        StreamRewriter rewriter = new StreamRewriter(65_530, 0, 90_000);
        rewriter.startSegment(65_000, 0, -1, -1, 0);
        int[] in = {65_000, 65_005, 65_006, 65_535, 0, 1, 600};
        int[] out = {65_530, 65_535, 0, 529, 530, 531, 1130};
        for (int i = 0; i < in.length; i++) {
            assertEquals(out[i], rewriter.sequence(in[i]), "in " + in[i]);
        }
    }

    @Test
    void timestampsWrapAt32Bits() {
        StreamRewriter rewriter = new StreamRewriter(0, 0xFFFF_FF00L, 90_000);
        rewriter.startSegment(0, 10L, -1, -1, 0);
        assertEquals(0xFFFF_FF00L, rewriter.timestamp(10L));
        assertEquals(0x0000_0000L, rewriter.timestamp(10L + 0x100));
        StreamRewriter inputWraps = new StreamRewriter(0, 100, 90_000);
        inputWraps.startSegment(0, 0xFFFF_FFF0L, -1, -1, 0);
        assertEquals(100 + 0x20, inputWraps.timestamp(0x10L));
    }

    @Test
    void packetsFromBeforeTheSegmentAreNotAccepted() {
        StreamRewriter rewriter = new StreamRewriter(0, 0, 90_000);
        assertFalse(rewriter.started());
        assertFalse(rewriter.accepts(3));
        rewriter.startSegment(3, 0, -1, -1, 0);
        assertTrue(rewriter.started());
        assertFalse(rewriter.accepts(2));
        assertFalse(rewriter.accepts(65_535));
        assertTrue(rewriter.accepts(3));
        assertTrue(rewriter.accepts(4));
    }

    @Test
    void aLayerSwitchContinuesSequenceTimestampAndPictureId() {
        StreamRewriter rewriter = new StreamRewriter(100, 1_000, 90_000);
        rewriter.startSegment(5_000, 50_000, 300, 20, 0);
        int seq = 0;
        long ts = 0;
        for (int i = 0; i < 10; i++) {
            seq = rewriter.sequence(5_000 + i);
            ts = rewriter.timestamp(50_000 + i * 3_000L);
            rewriter.sent(seq, ts, rewriter.pictureId(300 + i), rewriter.tl0PicIdx(20 + i), i * 33 * MS);
        }
        assertEquals(109, seq);
        assertEquals(1_000 + 27_000, ts);
        // The other layer's keyframe arrives 33 ms after the last frame sent: numbers from a different base.
        rewriter.startSegment(40_000, 7_777_777L, 12_000, 200, 10 * 33 * MS);
        assertEquals(110, rewriter.sequence(40_000), "sequence continues without a gap");
        assertEquals(1_000 + 27_000 + 2_970, rewriter.timestamp(7_777_777L), "timestamp advances by the 33 ms");
        assertEquals(310, rewriter.pictureId(12_000), "picture id continues");
        assertEquals(30, rewriter.tl0PicIdx(200), "TL0PICIDX continues");
        assertTrue(rewriter.accepts(40_001));
        assertFalse(rewriter.accepts(39_999), "the new layer's packets from before its keyframe are refused");
    }

    @Test
    void aLateDroppedPacketDoesNotShiftLaterPictureIds() {
        StreamRewriter rewriter = new StreamRewriter(0, 0, 90_000);
        rewriter.startSegment(10, 1000, 50, -1, 0);
        rewriter.sequence(10);
        rewriter.sequence(12); // 11 (picture 49's last packet, say) is late: repaired from RTX later
        rewriter.drop(11, 49); // of a temporal layer this receiver does not get
        assertEquals(3, rewriter.sequence(13), "nothing closed up for a late packet");
        assertEquals(52, rewriter.pictureId(52), "picture ids unchanged");
    }

    @Test
    void aLatePacketGetsThePictureIdItsFrameWentOutWith() {
        StreamRewriter rewriter = new StreamRewriter(0, 0, 90_000);
        rewriter.startSegment(10, 1000, 50, -1, 0);
        assertEquals(50, rewriter.pictureId(50));
        rewriter.sequence(10);
        rewriter.sequence(12); // 11, also of picture 50, is lost upstream
        rewriter.drop(13, 51); // picture 51: a temporal layer this receiver does not get
        assertEquals(51, rewriter.pictureId(52), "later pictures close up");
        assertEquals(50, rewriter.pictureId(50), "the repaired packet 11 joins its frame's picture id");
        assertEquals(1, rewriter.sequence(11), "and fills its gap");
    }

    @Test
    void droppedTemporalLayerPacketsLeaveNoGaps() {
        StreamRewriter rewriter = new StreamRewriter(0, 0, 90_000);
        rewriter.startSegment(10, 0, 50, 5, 0);
        assertEquals(0, rewriter.sequence(10));
        assertEquals(50, rewriter.pictureId(50));
        rewriter.drop(11, 51);
        rewriter.drop(12, 51);
        assertEquals(1, rewriter.sequence(13), "two dropped packets close up");
        assertEquals(51, rewriter.pictureId(52), "the dropped frame's picture id closes up once");
        assertEquals(0, rewriter.sequence(10), "a packet from before the drop keeps its number");
    }

    @Test
    void aReplayedKeyframeAndItsCatchUpAreSqueezedThenLiveFramesKeepTheirSpacing() {
        StreamRewriter rewriter = new StreamRewriter(100, 1_000, 90_000);
        rewriter.startSegment(5_000, 50_000, 300, 20, 0);
        rewriter.sequence(5_000);
        rewriter.sent(100, rewriter.timestamp(50_000), 300, 20, 0);
        // 33 ms later: switch to another layer from its cached keyframe (ts 700_000), 10 frames old.
        rewriter.startReplay(9_000, 700_000, 40, 7, 33 * MS);
        long key = rewriter.timestamp(700_000);
        assertEquals(1_000 + 2_970, key, "the keyframe continues from the last sent, by wall clock");
        assertEquals(key, rewriter.timestamp(700_000), "every packet of a frame keeps its timestamp");
        long previous = key;
        for (int frame = 1; frame <= 10; frame++) {
            long ts = rewriter.timestamp(700_000 + frame * 3_000L);
            assertEquals(previous + 1, ts, "catch-up frame " + frame + " one tick after the one before");
            previous = ts;
        }
        rewriter.endReplay();
        assertEquals(previous + 3_000, rewriter.timestamp(700_000 + 11 * 3_000L), "live: the real frame spacing");
        assertEquals(101, rewriter.sequence(9_000), "sequence numbers continue as for any segment");
        assertEquals(301, rewriter.pictureId(40));
        assertEquals(21, rewriter.tl0PicIdx(7));
    }

    @Test
    void aPacketInsertedBeforeASegmentTakesTheNextNumberAndTheSegmentMovesUp() {
        StreamRewriter rewriter = new StreamRewriter(65_535, 1_000, 90_000);
        rewriter.startSegment(700, 9_000, -1, -1, 0);
        assertEquals(65_535, rewriter.sequence(700));
        rewriter.sent(65_535, rewriter.timestamp(9_000), -1, -1, 0);
        rewriter.startSegment(40_000, 50_000, -1, -1, 33 * MS);
        int inserted = rewriter.insertBeforeSegment();
        assertEquals(0, inserted, "right after the last sent, across the wrap");
        rewriter.sent(inserted, rewriter.timestamp(50_000), -1, -1, 33 * MS);
        assertEquals(1, rewriter.sequence(40_000));
        assertEquals(2, rewriter.sequence(40_001));
    }
}

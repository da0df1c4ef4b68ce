package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The receive side's TSN record and the SACKs it builds (RFC 9260 §3.3.4, §6.2, §6.7). */
class DataTrackerTest {
    private static final long NEAR_WRAP = 0xFFFF_FFFEL;

    private static long observe(DataTracker tracker, long wireTsn) {
        long tsn = tracker.unwrap(wireTsn);
        tracker.observe(tsn);
        return tsn;
    }

    @Test
    void inOrderTsnsAdvanceTheCumulativeTsnAcrossTheWrap() {
        DataTracker tracker = new DataTracker(NEAR_WRAP);
        observe(tracker, 0xFFFF_FFFEL);
        observe(tracker, 0xFFFF_FFFFL);
        observe(tracker, 0);
        observe(tracker, 1);
        SackChunk sack = tracker.createSack(1000);
        assertEquals(1, sack.cumulativeTsnAck());
        assertEquals(List.of(), sack.gapAckBlocks());
        assertEquals(1000, sack.advertisedReceiverWindowCredit());
    }

    @Test
    void gapsBecomeGapAckBlocksRelativeToTheCumulativeTsn() {
        DataTracker tracker = new DataTracker(NEAR_WRAP);
        observe(tracker, 0xFFFF_FFFEL); // cum
        observe(tracker, 0);            // +2
        observe(tracker, 1);            // +3
        observe(tracker, 4);            // +6
        assertTrue(tracker.sackDueNow(), "a gap asks for a SACK at once");
        SackChunk sack = tracker.createSack(0);
        assertEquals(0xFFFF_FFFEL, sack.cumulativeTsnAck());
        assertEquals(List.of(new SackChunk.GapAckBlock(2, 3), new SackChunk.GapAckBlock(6, 6)), sack.gapAckBlocks());
        observe(tracker, 0xFFFF_FFFFL); // fills the first gap
        sack = tracker.createSack(0);
        assertEquals(1, sack.cumulativeTsnAck());
        assertEquals(List.of(new SackChunk.GapAckBlock(3, 3)), sack.gapAckBlocks());
    }

    @Test
    void duplicatesAreReportedOnceAndAskForAnImmediateSack() {
        DataTracker tracker = new DataTracker(100);
        observe(tracker, 100);
        observe(tracker, 102);
        tracker.createSack(0);
        assertEquals(DataTracker.Observation.DUPLICATE, tracker.observe(tracker.unwrap(100)));
        assertEquals(DataTracker.Observation.DUPLICATE, tracker.observe(tracker.unwrap(102)));
        assertTrue(tracker.sackDueNow());
        SackChunk sack = tracker.createSack(0);
        assertEquals(List.of(100L, 102L), sack.duplicateTsns());
        assertEquals(List.of(), tracker.createSack(0).duplicateTsns());
    }

    @Test
    void everySecondPacketGetsAnImmediateSackOtherwiseItIsDelayed() {
        DataTracker tracker = new DataTracker(1);
        observe(tracker, 1);
        tracker.packetWithDataReceived();
        assertFalse(tracker.sackDueNow());
        assertTrue(tracker.sackPending());
        observe(tracker, 2);
        tracker.packetWithDataReceived();
        assertTrue(tracker.sackDueNow());
        tracker.createSack(0);
        assertFalse(tracker.sackPending());
    }

    @Test
    void tsnsTooFarAheadAreRefused() {
        DataTracker tracker = new DataTracker(10);
        assertEquals(DataTracker.Observation.OUT_OF_RANGE, tracker.observe(tracker.unwrap(10 + 70_000)));
        assertEquals(DataTracker.Observation.NEW, tracker.observe(tracker.unwrap(10 + 60_000)));
    }

    @Test
    void forwardTsnMovesTheCumulativeTsnAndDropsTheGapsBelowIt() {
        DataTracker tracker = new DataTracker(0xFFFF_FFF0L);
        observe(tracker, 0xFFFF_FFF0L);
        observe(tracker, 0xFFFF_FFF5L);
        observe(tracker, 3);
        tracker.forwardTo(tracker.unwrap(0xFFFF_FFFFL));
        SackChunk sack = tracker.createSack(0);
        assertEquals(0xFFFF_FFFFL, sack.cumulativeTsnAck());
        assertEquals(List.of(new SackChunk.GapAckBlock(4, 4)), sack.gapAckBlocks());
        tracker.forwardTo(tracker.unwrap(2));
        assertEquals(3, tracker.createSack(0).cumulativeTsnAck()); // 3 was there already
    }
}

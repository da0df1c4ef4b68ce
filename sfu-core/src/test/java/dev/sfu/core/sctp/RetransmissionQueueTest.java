package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SACK processing, fast retransmit, T3 and abandonment (RFC 9260 §6.2.1, §6.3.3, §7.2.4; RFC 3758). */
class RetransmissionQueueTest {
    private static final long INITIAL_TSN = 0xFFFF_FFFDL; // the TSNs wrap after the third chunk
    private final SctpCounters counters = new SctpCounters();
    private final RetransmissionQueue queue = new RetransmissionQueue(INITIAL_TSN, counters);
    private long now = 1_000;

    private void addMessages(int count, int size, int maxRetransmits, long expiresAt) {
        for (int i = 0; i < count; i++) {
            queue.add(new SendQueue.Message(1, 53, new byte[size], false, maxRetransmits, expiresAt), i, 100);
        }
    }

    private int sendAll() {
        int sent = 0;
        OutstandingChunk chunk;
        while ((chunk = queue.peekRetransmission()) != null || (chunk = queue.peekUnsent()) != null) {
            queue.sent(chunk, now);
            sent++;
        }
        return sent;
    }

    private static SackChunk sack(long cumulative, int... gaps) {
        List<SackChunk.GapAckBlock> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < gaps.length; i += 2) {
            blocks.add(new SackChunk.GapAckBlock(gaps[i], gaps[i + 1]));
        }
        return new SackChunk(cumulative & 0xFFFF_FFFFL, 100_000, blocks, List.of());
    }

    @Test
    void aMessageIsFragmentedWithConsecutiveTsnsAndBeginningEndFlags() {
        queue.add(new SendQueue.Message(1, 53, new byte[250], false, -1, Long.MAX_VALUE), 7, 100);
        OutstandingChunk first = queue.peekUnsent();
        assertTrue(first.chunk.beginning());
        assertFalse(first.chunk.ending());
        queue.sent(first, now);
        queue.sent(queue.peekUnsent(), now);
        OutstandingChunk last = queue.peekUnsent();
        assertEquals(0xFFFF_FFFFL, last.chunk.tsn());
        assertTrue(last.chunk.ending());
        assertEquals(50, last.chunk.userData().length());
        assertEquals(7, last.chunk.streamSequenceNumber());
        assertEquals(250, queue.bufferedBytes());
    }

    @Test
    void cumulativeAckAcrossTheWrapRemovesChunksAndMeasuresRtt() {
        addMessages(5, 100, -1, Long.MAX_VALUE);
        sendAll();
        assertEquals(5 * 116, queue.flightSize());
        now += 50;
        RetransmissionQueue.SackResult result = queue.onSack(sack(INITIAL_TSN + 3), now);
        assertTrue(result.cumulativeAckAdvanced());
        assertEquals(4 * 116, result.bytesAcked());
        assertEquals(50, result.rttNanos());
        assertEquals(116, queue.flightSize());
        assertEquals(100, queue.bufferedBytes());
        assertSame(RetransmissionQueue.SackResult.IGNORED, queue.onSack(sack(INITIAL_TSN + 1), now), "stale SACK");
    }

    @Test
    void gapAckedChunksLeaveTheFlightAndThreeMissIndicationsTriggerOneFastRetransmit() {
        addMessages(6, 100, -1, Long.MAX_VALUE);
        sendAll();
        long cum = INITIAL_TSN;     // first acked, second lost
        assertFalse(queue.onSack(sack(cum, 2, 2), now).fastRetransmitNeeded());
        assertEquals(4 * 116, queue.flightSize());
        assertFalse(queue.onSack(sack(cum, 2, 3), now).fastRetransmitNeeded());
        RetransmissionQueue.SackResult third = queue.onSack(sack(cum, 2, 4), now);
        assertTrue(third.fastRetransmitNeeded());
        OutstandingChunk missing = queue.peekRetransmission();
        assertEquals(SerialNumbers.wrapTsn(INITIAL_TSN + 1), missing.chunk.tsn());
        queue.sent(missing, now);
        // more miss indications do not fast-retransmit the same chunk again
        assertFalse(queue.onSack(sack(cum, 2, 5), now).fastRetransmitNeeded());
        assertFalse(queue.onSack(sack(cum, 2, 5), now).fastRetransmitNeeded());
        assertFalse(queue.onSack(sack(cum, 2, 5), now).fastRetransmitNeeded());
        assertEquals(-1, queue.onSack(sack(INITIAL_TSN + 5), now).rttNanos(), "Karn: no sample from a resend");
        assertTrue(queue.isEmpty());
    }

    @Test
    void t3ExpiryMarksEverythingInFlightForRetransmission() {
        addMessages(3, 100, -1, Long.MAX_VALUE);
        sendAll();
        queue.onRetransmissionTimeout(now);
        assertEquals(0, queue.flightSize());
        assertEquals(3, sendAll());
        assertEquals(3 * 116, queue.flightSize());
    }

    @Test
    void messagesPastMaxRetransmitsAreAbandonedAndSkippedByForwardTsn() {
        queue.add(new SendQueue.Message(1, 53, new byte[250], false, 0, Long.MAX_VALUE), 4, 100); // 3 fragments
        queue.add(new SendQueue.Message(2, 53, new byte[10], true, 0, Long.MAX_VALUE), 0, 100);
        queue.add(new SendQueue.Message(3, 53, new byte[10], false, -1, Long.MAX_VALUE), 9, 100);
        sendAll();
        queue.onRetransmissionTimeout(now);
        assertEquals(3, queue.peekRetransmission().chunk.streamIdentifier(), "only the reliable one goes again");
        assertEquals(2, counters.abandonedMessages);
        ForwardTsnChunk forward = queue.forwardTsn();
        assertEquals(SerialNumbers.wrapTsn(INITIAL_TSN + 3), forward.newCumulativeTsn());
        assertEquals(List.of(new ForwardTsnChunk.SkippedStream(1, 4)), forward.streams(), "ordered streams only");
        queue.onSack(sack(INITIAL_TSN + 3), now);
        assertNull(queue.forwardTsn());
        assertEquals(10, queue.bufferedBytes());
    }

    @Test
    void aLifetimeEndedBeforeSendingAbandonsTheWholeMessage() {
        queue.add(new SendQueue.Message(1, 53, new byte[250], true, -1, now + 10), 0, 100);
        OutstandingChunk first = queue.peekUnsent();
        queue.sent(first, now);
        now += 20;
        assertTrue(queue.abandonIfExpired(queue.peekUnsent(), now));
        assertNull(queue.peekUnsent());
        assertEquals(0, queue.flightSize(), "the sent fragment left the flight too");
        assertEquals(SerialNumbers.wrapTsn(INITIAL_TSN + 2), queue.forwardTsn().newCumulativeTsn());
    }

    @Test
    void thePeersAckOfAForwardTsnOverAbandonedUnsentChunksIsAccepted() {
        queue.add(new SendQueue.Message(1, 53, new byte[10], false, -1, Long.MAX_VALUE), 0, 100);
        queue.add(new SendQueue.Message(1, 53, new byte[150], false, -1, now + 10), 1, 100);
        queue.sent(queue.peekUnsent(), now);
        now += 20;
        OutstandingChunk expired = queue.peekUnsent();
        assertTrue(queue.abandonIfExpired(expired, now));
        queue.onSack(sack(INITIAL_TSN), now);
        ForwardTsnChunk forward = queue.forwardTsn();
        assertEquals(SerialNumbers.wrapTsn(INITIAL_TSN + 2), forward.newCumulativeTsn());
        assertTrue(queue.onSack(sack(INITIAL_TSN + 2), now).accepted());
        assertTrue(queue.isEmpty());
    }
}

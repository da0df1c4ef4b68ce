package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fragment joining and ordered/unordered delivery (RFC 9260 §6.5, §6.9; RFC 3758 §3.6). */
class ReassemblyQueueTest {
    private final List<String> delivered = new ArrayList<>();
    private final ReassemblyQueue queue = new ReassemblyQueue(10,
            (stream, ppid, payload) -> delivered.add(stream + ":" + new String(payload)));

    private static DataChunk chunk(long tsn, int stream, int ssn, boolean unordered, boolean b, boolean e, String text) {
        return new DataChunk(false, unordered, b, e, tsn & 0xFFFF_FFFFL, stream, ssn, 53, Bytes.of(text.getBytes()));
    }

    private ReassemblyQueue.AddResult add(long tsn, int stream, int ssn, boolean unordered, boolean b, boolean e,
            String text) {
        return queue.add(tsn, chunk(tsn, stream, ssn, unordered, b, e, text));
    }

    @Test
    void orderedMessagesWaitForTheirPredecessorsPerStream() {
        add(2, 1, 1, false, true, true, "b");
        add(3, 2, 0, false, true, true, "x"); // another stream is not held up
        assertEquals(List.of("2:x"), delivered);
        add(1, 1, 0, false, true, true, "a");
        assertEquals(List.of("2:x", "1:a", "1:b"), delivered);
        assertEquals(0, queue.bufferedBytes());
        assertEquals(0, queue.heldFragments());
    }

    @Test
    void fragmentsArrivingOutOfOrderAreJoinedAcrossTheSsnWrap() {
        // stream 5's SSNs 65535 then 0, TSNs over the 32-bit wrap: the queue sees them unwrapped
        for (int ssn = 0; ssn < 65535; ssn++) {
            add(100 + ssn, 5, ssn, false, true, true, "");
        }
        delivered.clear();
        add(200_001, 5, 0, false, true, false, "ne");
        add(200_000, 5, 65535, false, false, true, "ld");
        add(199_999, 5, 65535, false, true, false, "o");
        assertEquals(List.of("5:old"), delivered);
        add(200_002, 5, 0, false, false, true, "w");
        assertEquals(List.of("5:old", "5:new"), delivered);
    }

    @Test
    void unorderedMessagesAreDeliveredWhenCompleteWhateverCameBefore() {
        add(10, 1, 0, false, true, false, "or"); // an ordered message still incomplete
        add(13, 1, 0, true, false, true, "c");
        add(11, 1, 0, true, true, false, "a");
        assertEquals(List.of(), delivered);
        add(12, 1, 0, true, false, false, "b");
        assertEquals(List.of("1:abc"), delivered);
        assertEquals(2, queue.bufferedBytes());
        assertEquals(1, queue.heldFragments());
    }

    @Test
    void interleavedStreamsKeepTheirOwnOrder() {
        add(1, 1, 0, false, true, false, "a1");
        add(2, 1, 0, false, false, true, "a2");
        add(4, 2, 0, false, false, true, "b2");
        add(3, 2, 0, false, true, false, "b1");
        add(6, 1, 1, false, true, true, "a3");
        assertEquals(List.of("1:a1a2", "2:b1b2", "1:a3"), delivered);
    }

    @Test
    void aMessageGrowingPastTheLimitIsReportedTooLarge() {
        assertEquals(ReassemblyQueue.AddResult.ADDED, add(1, 1, 0, false, true, false, "123456"));
        assertEquals(ReassemblyQueue.AddResult.TOO_LARGE, add(2, 1, 0, false, false, false, "78901"));
        assertEquals(ReassemblyQueue.AddResult.ADDED, add(10, 1, 0, true, true, false, "123456"));
        assertEquals(ReassemblyQueue.AddResult.TOO_LARGE, add(11, 1, 0, true, false, false, "78901"));
    }

    @Test
    void forwardTsnSkipsAbandonedMessagesAndUnblocksTheStream() {
        add(1, 1, 0, false, true, false, "lost-");  // SSN 0 incomplete, abandoned by the sender
        add(3, 1, 1, false, true, true, "next");
        add(5, 2, 0, true, true, false, "u");     // unordered fragment below the new cumulative TSN
        assertEquals(List.of(), delivered);
        queue.forwardTo(5, List.of(new ForwardTsnChunk.SkippedStream(1, 0)));
        assertEquals(List.of("1:next"), delivered);
        assertEquals(0, queue.bufferedBytes());
        assertEquals(0, queue.heldFragments());
    }

    @Test
    void anIncomingStreamResetStartsTheSsnsAgain() {
        add(1, 1, 0, false, true, true, "a");
        add(2, 1, 1, false, true, true, "b");
        queue.resetStreams(List.of(1));
        add(3, 1, 0, false, true, true, "c");
        assertEquals(List.of("1:a", "1:b", "1:c"), delivered);
    }
}

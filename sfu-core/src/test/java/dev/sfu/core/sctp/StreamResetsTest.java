package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 6525 requests and responses, both ways, with their sequence numbers. */
class StreamResetsTest {
    private static final long LOCAL_TSN = 500;
    private static final long PEER_TSN = 0xFFFF_FFFFL; // request sequence numbers wrap at once

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SctpCounters counters = new SctpCounters();
    private final List<Chunk> sent = new ArrayList<>();
    private final PacketWriter writer = new PacketWriter(SctpConfig.defaults(), this::record, counters);
    private final RtoEstimator rto = new RtoEstimator(1_000, 1_000, 10_000);
    private final DataSender sender = new DataSender(SctpConfig.defaults(), counters, rto,
            new TimerSlot(scheduler, scheduler::now, () -> { }), LOCAL_TSN, 100_000, 100, true);
    private final DataTracker tracker = new DataTracker(PEER_TSN);
    private final List<String> delivered = new ArrayList<>();
    private final ReassemblyQueue reassembly = new ReassemblyQueue(1000,
            (stream, ppid, payload) -> delivered.add(stream + ":" + new String(payload)));
    private final List<int[]> reported = new ArrayList<>();
    private final TimerSlot timer = new TimerSlot(scheduler, scheduler::now, () -> { });
    private final StreamResets resets = new StreamResets(sender, tracker, reassembly, timer, rto, LOCAL_TSN,
            PEER_TSN, reported::add);

    private void record(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            sent.addAll(SctpPacket.parse(buf).chunks());
        } catch (SctpException e) {
            throw new AssertionError(e);
        } finally {
            buf.release();
        }
    }

    private ReConfigParameter answer(ReConfigParameter request) {
        resets.onReConfig(new ReConfigChunk(List.of(request)), writer);
        writer.flush();
        ReConfigChunk reply = (ReConfigChunk) sent.remove(sent.size() - 1);
        return reply.parameters().get(0);
    }

    private static OutgoingSsnResetRequest peerRequest(long sequence, long lastTsn, Integer... streams) {
        return new OutgoingSsnResetRequest(sequence & 0xFFFF_FFFFL, 0, lastTsn & 0xFFFF_FFFFL, List.of(streams));
    }

    private static ReconfigurationResponse response(long sequence, long result) {
        return new ReconfigurationResponse(sequence, result, OptionalLong.empty(), OptionalLong.empty());
    }

    private void receive(long tsn, int stream, int ssn, String text) {
        long unwrapped = tracker.unwrap(tsn);
        tracker.observe(unwrapped);
        reassembly.add(unwrapped, new DataChunk(false, false, true, true, tsn, stream, ssn, 53,
                Bytes.of(text.getBytes())));
    }

    @Test
    void aPeerRequestIsPerformedOnceItsDataArrivedAndARetransmissionGetsTheSameAnswer() {
        receive(PEER_TSN, 3, 0, "a");
        assertEquals(response(PEER_TSN, ReconfigurationResponse.IN_PROGRESS), answer(peerRequest(PEER_TSN, 0, 3)));
        assertTrue(reported.isEmpty());
        receive(0, 3, 1, "b"); // TSN 0 is the last the peer assigned before its request
        assertEquals(response(PEER_TSN, ReconfigurationResponse.SUCCESS_PERFORMED), answer(peerRequest(PEER_TSN, 0, 3)));
        assertArrayEquals(new int[] {3}, reported.get(0));
        receive(1, 3, 0, "c"); // SSN 0 again after the reset
        assertEquals(List.of("3:a", "3:b", "3:c"), delivered);
        // the same request again (our response was lost): the same answer, no second report
        assertEquals(response(PEER_TSN, ReconfigurationResponse.SUCCESS_PERFORMED), answer(peerRequest(PEER_TSN, 0, 3)));
        assertEquals(1, reported.size());
        // the next one carries sequence number 0 (wrapped); a skipped number is refused
        assertEquals(response(5, StreamResets.BAD_SEQUENCE_NUMBER), answer(peerRequest(5, 1, 3)));
        assertEquals(response(0, ReconfigurationResponse.SUCCESS_PERFORMED), answer(peerRequest(0, 1, 4)));
    }

    @Test
    void anIncomingResetRequestIsDenied() {
        assertEquals(response(7, StreamResets.DENIED), answer(new IncomingSsnResetRequest(7, List.of(1))));
    }

    @Test
    void ourRequestWaitsForQueuedMessagesIsRetriedWhileInProgressAndResetsTheSsns() {
        sender.send(3, 53, new byte[10], false, -1, -1, scheduler.now());
        resets.request(new int[] {3});
        assertTrue(resets.isResetting(3));
        resets.fill(writer);
        writer.flush();
        assertTrue(sent.isEmpty(), "a message of stream 3 still waits for its TSN");
        sender.fill(writer, scheduler.now());
        resets.fill(writer);
        writer.flush();
        ReConfigChunk request = (ReConfigChunk) sent.get(sent.size() - 1);
        OutgoingSsnResetRequest outgoing = (OutgoingSsnResetRequest) request.parameters().get(0);
        assertEquals(LOCAL_TSN, outgoing.requestSequenceNumber());
        assertEquals(LOCAL_TSN, outgoing.sendersLastAssignedTsn());
        assertEquals(List.of(3), outgoing.streams());
        resets.onReConfig(new ReConfigChunk(List.of(response(LOCAL_TSN, ReconfigurationResponse.IN_PROGRESS))), writer);
        assertTrue(resets.isResetting(3));
        sent.clear();
        assertTrue(resets.onTimerExpiry(writer));
        writer.flush();
        assertEquals(request, sent.get(0), "the same request again");
        resets.onReConfig(new ReConfigChunk(List.of(response(LOCAL_TSN, ReconfigurationResponse.SUCCESS_PERFORMED))),
                writer);
        assertFalse(resets.isResetting(3));
        assertFalse(resets.onTimerExpiry(writer));
        // the stream's next message starts at SSN 0 again
        sender.send(3, 53, new byte[10], false, -1, -1, scheduler.now());
        sent.clear();
        sender.fill(writer, scheduler.now());
        writer.flush();
        assertEquals(0, ((DataChunk) sent.get(0)).streamSequenceNumber());
    }
}

package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receive side's bounds (RFC 9260 §6.2): past the fragment bound a DATA chunk is dropped, except the next
 * in-sequence TSN, which the held fragments wait for after a loss.
 */
class DataReceiverTest {
    private static final long INITIAL_TSN = 1000;

    private final List<byte[]> delivered = new ArrayList<>();
    private final DataReceiver receiver = new DataReceiver(SctpConfig.defaults(), new SctpCounters(), INITIAL_TSN,
            16, (stream, ppid, payload) -> delivered.add(payload));

    /** A whole 100-byte message on stream 0, the n-th one sent (TSN and SSN n from the start). */
    private DataReceiver.Outcome message(int n) {
        return receiver.onData(new DataChunk(false, false, true, true, INITIAL_TSN + n, 0, n, 51,
                Bytes.of(new byte[100])));
    }

    @Test
    void theLostTsnIsTakenWhenTheFragmentsBehindItFillTheQueueAndReleasesThemAll() {
        // the first message is lost; the next 8192 small ones wait for it and fill the fragment bound
        for (int n = 1; n <= DataReceiver.MAX_HELD_FRAGMENTS; n++) {
            assertEquals(DataReceiver.Outcome.OK, message(n));
        }
        assertEquals(DataReceiver.MAX_HELD_FRAGMENTS, receiver.reassembly().heldFragments());
        assertEquals(0, delivered.size());
        assertEquals(DataReceiver.Outcome.DROPPED, message(DataReceiver.MAX_HELD_FRAGMENTS + 1),
                "beyond the gap, the bound holds");

        assertEquals(DataReceiver.Outcome.OK, message(0), "its retransmission fills the gap");
        assertEquals(DataReceiver.MAX_HELD_FRAGMENTS + 1, delivered.size(), "and every held message goes");
        assertEquals(0, receiver.reassembly().heldFragments());
        assertEquals(SctpConfig.defaults().receiveWindow(), receiver.advertisedWindow());
        assertEquals(INITIAL_TSN + DataReceiver.MAX_HELD_FRAGMENTS, receiver.tracker().cumulativeTsn());
    }
}

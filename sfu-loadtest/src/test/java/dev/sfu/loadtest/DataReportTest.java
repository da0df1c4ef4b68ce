package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.peer.DataMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data figures of a report, put together without a network: senders whose association queued or refused
 * messages, receivers given the peer's kept lists poll by poll, the server's sfu_data_* counters from two scrapes.
 */
class DataReportTest {
    private static DataMessage message(int sender, long sequence, int size) {
        return new DataMessage("PA_" + sender, null, true, DataPayload.encode(sender, sequence, size));
    }

    /** Sender 0 numbered 0..9, its association refused 3; sender 1 numbered 0..4. */
    private static List<DataSender> senders() {
        DataSender a = new DataSender(null, 0, 100);
        DataSender b = new DataSender(null, 1, 100);
        for (int i = 0; i < 10; i++) {
            assertEquals(i, a.reserve());
            a.completed(i, 100, i == 3 ? "BUFFER_FULL" : null);
        }
        for (int i = 0; i < 5; i++) {
            b.completed(b.reserve(), 100, null);
        }
        return List.of(a, b);
    }

    @Test
    void deliveryCountsWhatEachReceiverWasOwedAndReadsEachPollOnlyOnce() {
        List<DataSender> senders = senders();
        // owed everything from both senders; gets them over two polls, the kept list growing as the peer's does
        DataReceiver full = new DataReceiver(null, -1, false, Map.of(0, 0L, 1, 0L));
        List<DataMessage> kept = new ArrayList<>();
        for (long s : new long[] {0, 1, 2, 4, 5}) {
            kept.add(message(0, s, 100));
        }
        kept.add(message(1, 0, 100));
        full.take(List.copyOf(kept), kept.size());
        for (long s : new long[] {6, 7, 8, 9}) {
            kept.add(message(0, s, 100));
        }
        for (long s = 1; s < 5; s++) {
            kept.add(message(1, s, 100));
        }
        full.take(List.copyOf(kept), kept.size());
        // a newcomer owed sender 0 from 8 on (what came before it joined is not owed); it missed 9
        DataReceiver late = new DataReceiver(null, -1, false, Map.of(0, 8L));
        late.take(List.of(message(0, 7, 100), message(0, 8, 100)), 2);
        DataReceiver stalled = new DataReceiver(null, -1, true, Map.of(0, 0L, 1, 0L));
        stalled.take(List.of(message(0, 0, 100)), 1);
        DataReceiver gone = new DataReceiver(null, -1, false, Map.of(0, 0L));
        gone.depart();

        DataDelivery d = DataDelivery.of(senders, List.of(full, late, stalled, gone));
        assertEquals(9 + 5 + 2, d.expected(), "sender 0's refused message is owed by nobody");
        assertEquals(14 + 1, d.received());
        assertEquals(1, d.lost(), "the newcomer's missing 9");
        assertEquals(2, d.receiversChecked());
        assertEquals(1, d.receiversDeparted());
        assertEquals(1, d.receiversStalled());
        assertEquals(1, d.stalledReceived());
        senders.get(1).depart();
        assertEquals(9 + 2, DataDelivery.of(senders, List.of(full, late)).expected(),
                "what a sender that left had sent is out of the check");
        DataReceiver senderAlone = new DataReceiver(null, 0, false, Map.of());
        assertEquals(2, DataDelivery.of(senders, List.of(full, late, senderAlone)).receiversChecked(),
                "a room's only sender is owed nothing: not a checked receiver");
        assertEquals(new DataTotals.Received(14, 1400, 0, 0, 0), full.totals(), "read once each");
    }

    @Test
    void corruptAndOutOfOrderMessagesAreCountedAndOverflowIsUncheckedNotLost() {
        DataReceiver r = new DataReceiver(null, -1, false, Map.of(0, 0L));
        byte[] bad = DataPayload.encode(0, 2, 100);
        bad[50] ^= 1;
        DataMessage first = message(0, 0, 100);
        r.take(List.of(first, message(0, 1, 100), new DataMessage("PA_0", null, true, bad), message(0, 1, 100)), 4);
        assertEquals(new DataTotals.Received(3, 300, 1, 1, 0), r.totals());
        // 10 more arrived, but the kept list (here 3 long) no longer holds the last one read: 7 fell out unread
        r.take(List.of(message(0, 12, 100), message(0, 13, 100), message(0, 14, 100)), 14);
        assertEquals(7, r.totals().unchecked());
        assertEquals(6, r.totals().messages());
    }

    @Test
    void reportTakesTheWindowTheCheckAndTheServersDataCounters() {
        ServerMetrics.Sample from = ServerMetrics.parse("""
                process_cpu_time_ns_total 1.0E9
                sfu_data_messages_received_total 10.0
                sfu_data_messages_sent_total 20.0
                sfu_data_bytes_received_bytes_total 1000.0
                sfu_data_bytes_sent_bytes_total 2000.0
                sfu_data_drops_total{reason="receiver_buffer_full"} 1.0
                """, 0);
        ServerMetrics.Sample to = ServerMetrics.parse("""
                process_cpu_time_ns_total 1.5E9
                sfu_data_messages_received_total 1010.0
                sfu_data_messages_sent_total 4020.0
                sfu_data_bytes_received_bytes_total 101000.0
                sfu_data_bytes_sent_bytes_total 4002000.0
                sfu_data_drops_total{reason="receiver_buffer_full"} 31.0
                sfu_data_drops_total{reason="rate_limited"} 2.0
                """, 2_000_000_000L);
        LoadOptions o = LoadOptions.parse("--data-rate", "500", "--data-size", "1000", "--data-senders", "2",
                "--data-stalled", "1", "--subscribers", "3");
        DataTotals window = new DataTotals(new DataTotals.Sent(1000, 1_000_000, 4),
                new DataTotals.Received(2990, 2_990_000, 0, 0, 0));
        Report.Data d = ReportAssembler.data(o, window, new DataDelivery(3000, 2990, 3, 0, 1, 20),
                ServerMetrics.Interval.between(from, to), "BUFFER_FULL", new DataTraffic.Closed(1, "ABORT received"));

        assertEquals(500, d.ratePerSender());
        assertEquals(1000, d.messageBytes());
        assertEquals(2, d.sendersPerRoom());
        assertEquals(1, d.stalledPerRoom());
        assertEquals(4, d.refusedBySenders());
        assertEquals(10, d.deliveryLost());
        assertEquals(1000, d.serverMessagesIn());
        assertEquals(4000, d.serverMessagesOut());
        assertEquals(4_000_000, d.serverBytesOut());
        assertEquals(2000, d.serverMessagesOutPerSecond(), "over the 2 s between the scrapes");
        assertEquals(2.0, d.serverMegabytesOutPerSecond());
        assertEquals(8000, d.serverMessagesOutPerCpuSecond(), "4000 messages for 0.5 s of CPU");
        assertEquals(Map.of("receiver_buffer_full", 30L, "rate_limited", 2L), d.serverDrops());
        assertEquals(List.of("data delivery incomplete: 10 of 3000 messages missing",
                "1 data associations closed (last: ABORT received)"),
                ReportAssembler.dataProblems(d));
        Report.Data off = ReportAssembler.data(LoadOptions.defaults(), DataTotals.ZERO, DataDelivery.NONE, null, null, DataTraffic.Closed.NONE);
        assertEquals(-1, off.serverMessagesOutPerSecond(), "no scrape");
        assertTrue(ReportAssembler.dataProblems(off).isEmpty());
    }
}

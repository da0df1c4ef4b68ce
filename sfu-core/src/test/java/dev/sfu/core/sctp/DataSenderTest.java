package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flow control by the peer's window (RFC 9260 §6.1) and the send budget. */
class DataSenderTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final SctpCounters counters = new SctpCounters();
    private final List<SctpPacket> packets = new ArrayList<>();
    private final SctpConfig config = SctpConfig.defaults();
    private final PacketWriter writer = new PacketWriter(config, bytes -> packets.add(parse(bytes)), counters);

    private static SctpPacket parse(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return SctpPacket.parse(buf);
        } catch (SctpException e) {
            throw new AssertionError(e);
        } finally {
            buf.release();
        }
    }

    private DataSender sender(long peerRwnd) {
        RtoEstimator rto = new RtoEstimator(1_000_000_000L, 400_000_000L, 10_000_000_000L);
        TimerSlot t3 = new TimerSlot(scheduler, scheduler::now, () -> { });
        return new DataSender(config, counters, rto, t3, 100, peerRwnd, 10, true);
    }

    private int dataChunksSent() {
        writer.flush();
        int count = 0;
        for (SctpPacket packet : packets) {
            count += (int) packet.chunks().stream().filter(c -> c instanceof DataChunk).count();
        }
        packets.clear();
        return count;
    }

    @Test
    void neverSendsMoreThanThePeersWindowAllows() {
        DataSender sender = sender(2500);
        for (int i = 0; i < 10; i++) {
            assertEquals(SendResult.QUEUED, sender.send(1, 53, new byte[1000], false, -1, -1, scheduler.now()));
        }
        sender.fill(writer, scheduler.now());
        assertEquals(2, dataChunksSent()); // 2 x 1016 fit in 2500, a third does not
        // the peer acks both and opens its window again
        sender.onSack(new SackChunk(101, 100_000, List.of(), List.of()), scheduler.now());
        sender.fill(writer, scheduler.now());
        assertEquals(5, dataChunksSent()); // now cwnd limits: sends while less than 4380 is outstanding (§7.2)
    }

    @Test
    void aZeroWindowStillLetsOnePacketProbeWhenNothingIsInFlight() {
        DataSender sender = sender(0);
        sender.send(1, 53, new byte[100], false, -1, -1, scheduler.now());
        sender.send(1, 53, new byte[100], false, -1, -1, scheduler.now());
        sender.fill(writer, scheduler.now());
        assertEquals(1, dataChunksSent());
        sender.fill(writer, scheduler.now());
        assertEquals(0, dataChunksSent(), "one probe outstanding at a time");
    }

    @Test
    void theSendBudgetCountsQueuedAndUnackedBytes() {
        DataSender sender = sender(1 << 30);
        long budget = config.sendBudget();
        int size = 1 << 20;
        for (long queued = 0; queued + size <= budget; queued += size) {
            assertEquals(SendResult.QUEUED, sender.send(1, 53, new byte[size], false, -1, -1, scheduler.now()));
        }
        assertEquals(SendResult.BUFFER_FULL, sender.send(1, 53, new byte[1], false, -1, -1, scheduler.now()));
        sender.fill(writer, scheduler.now());
        assertTrue(dataChunksSent() > 0);
        assertEquals(budget, sender.bufferedAmount(), "sent but unacked bytes still count");
        assertEquals(SendResult.BUFFER_FULL, sender.send(1, 53, new byte[1], false, -1, -1, scheduler.now()));
    }
}

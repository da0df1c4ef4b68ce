package dev.sfu.peer;

import dev.sfu.core.rtcp.TransportFeedbackGenerator;
import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.rtp.TransportSequenceNumber;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The receiver side of transport-cc in a {@link JavaPeer}, as a browser runs it: the arrival time of every
 * incoming packet with a transport-wide sequence number is recorded, and feedback for them is built every
 * 50 ms ({@link #drain}). An optional {@link DownlinkBottleneck} stands for a rate-limited link: its arrival
 * times are the ones recorded, and the packets it drops are reported as lost and discarded.
 *
 * <p>Not thread-safe: confined to the peer's event loop.
 */
final class TransportCcReceiver {
    static final long FEEDBACK_INTERVAL_MILLIS = 50;
    private static final long MAX_QUEUE_NANOS = 300_000_000L;

    private final TransportFeedbackGenerator generator;
    private final DownlinkBottleneck bottleneck = new DownlinkBottleneck(MAX_QUEUE_NANOS);
    private long packets;
    private long feedbackSent;

    TransportCcReceiver(long senderSsrc) {
        this.generator = new TransportFeedbackGenerator(senderSsrc, 0);
    }

    void downlinkLimit(long bps) {
        bottleneck.rateBps(bps);
    }

    /** Records one decrypted packet; returns false when the simulated link dropped it (discard it). */
    boolean onRtp(ByteBuf packet, long nowNanos) {
        int sequence = TransportSequenceNumber.read(packet, LocalTrack.TRANSPORT_CC_EXTENSION_ID);
        long arrival = bottleneck.arrival(nowNanos, packet.readableBytes());
        if (arrival < 0) {
            return false;
        }
        if (sequence >= 0) {
            packets++;
            generator.onPacket(sequence, arrival);
        }
        return true;
    }

    List<TransportWideFeedback> drain() {
        List<TransportWideFeedback> out = generator.buildFeedback();
        feedbackSent += out.size();
        return out;
    }

    /** What this side saw, for tests. */
    record Stats(long packets, long feedbackSent, long droppedByLimit, long limitBps) {}

    Stats stats() {
        return new Stats(packets, feedbackSent, bottleneck.dropped(), bottleneck.rateBps());
    }
}

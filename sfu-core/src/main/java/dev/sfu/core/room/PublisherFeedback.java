package dev.sfu.core.room;

import dev.sfu.core.rtcp.TransportFeedbackGenerator;
import dev.sfu.core.rtcp.TransportWideFeedback;
import java.util.List;

/**
 * transport-cc toward one publisher: the arrival time of every packet it sends us with a transport-wide
 * sequence number goes to a {@link TransportFeedbackGenerator}, and {@link #drain} turns what arrived into
 * feedback every 50 ms or so, so the publisher's browser runs its own congestion control (GoogCC) against
 * us instead of guessing from REMB.
 *
 * <p>Confined to the room's event loop. {@link #onRtp} allocates nothing.
 */
final class PublisherFeedback {
    private final long senderSsrc;
    /** Made at the first packet with the extension: its arrival history is 64 KB, and most participants only receive. */
    private TransportFeedbackGenerator generator;
    private int extensionId = -1;
    private long packets;
    private long feedbackSent;

    PublisherFeedback(long senderSsrc) {
        this.senderSsrc = senderSsrc;
    }

    /** The id the publisher's offer gave the transport-wide sequence number extension; -1 when absent. */
    void extensionId(int id) {
        this.extensionId = id;
    }

    boolean enabled() {
        return extensionId > 0;
    }

    /**
     * One decrypted incoming RTP packet (any stream of this transport, RTX included), already parsed
     * ({@link SourcePacket}: the sequence number read from its array).
     */
    void onRtp(SourcePacket packet, long arrivalNanos) {
        if (extensionId > 0) {
            onSequence(packet.extensionShort(extensionId), packet.ssrc(), arrivalNanos);
        }
    }

    private void onSequence(int sequence, long ssrc, long arrivalNanos) {
        if (sequence < 0) {
            return;
        }
        if (generator == null) {
            generator = new TransportFeedbackGenerator(senderSsrc, 0);
            generator.mediaSsrc(ssrc);
        }
        packets++;
        generator.onPacket(sequence, arrivalNanos);
    }

    /** Feedback for everything that arrived since the last call (empty when nothing did). */
    List<TransportWideFeedback> drain() {
        if (generator == null) {
            return List.of();
        }
        List<TransportWideFeedback> out = generator.buildFeedback();
        feedbackSent += out.size();
        return out;
    }

    long packets() {
        return packets;
    }

    long feedbackSent() {
        return feedbackSent;
    }
}

package dev.sfu.core.room;

import dev.sfu.core.bwe.ProbeController;
import dev.sfu.core.bwe.SendSideBandwidthEstimator;
import dev.sfu.core.model.BandwidthEstimateSnapshot;
import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.rtp.TransportSequenceNumber;
import dev.sfu.core.time.MonotonicClock;
import io.netty.buffer.ByteBuf;

/**
 * The send-side bandwidth estimate toward one receiver (transport-cc, draft-holmer-rmcat-transport-wide-cc):
 * one transport-wide sequence counter across all the receiver's outgoing streams, stamped on every packet
 * sent (media, retransmissions, probes) with its send time and size recorded by the
 * {@link SendSideBandwidthEstimator}'s preallocated ring; the receiver's feedback matched against those
 * records; a {@link ProbeController} that tests the path before the allocation steps the receiver up.
 *
 * <pre>
 *  Subscription.forward/resend --stamp(packet, field)--&gt; seq++ into the extension, estimator.onPacketSent
 *  Participant.onRtcp --onFeedback(transport-cc)--&gt;        estimator, probe judged -&gt; re-allocate?
 *  Participant.allocateLayers --budget()/wantStepUp()--&gt;   estimate as budget; probe when it is short
 *  RoomRegistry 20 ms tick --probePaddingBytes()--&gt;        bytes of probe packets to send now
 * </pre>
 *
 * <p>A receiver that never sends transport-cc feedback (it did not negotiate it) keeps the REMB path in
 * {@link Participant}: {@link #active()} stays false. Confined to the room's event loop; {@link #stamp}
 * allocates nothing.
 */
final class DownlinkEstimator {
    /** The SRTP authentication tag (80-bit HMAC, 10 bytes) added after the stamp: part of what goes on the wire. */
    private static final int SRTP_TAG_BYTES = 10;
    /** Without feedback for this long, the estimate is stale: it is kept, but no probe is judged on it. */
    static final long STALE_NANOS = 2_000_000_000L;

    private final MonotonicClock clock;
    private final SendSideBandwidthEstimator estimator;
    private final ProbeController probes;
    private int nextSequence;
    private long stamped;
    private long lastFeedbackNanos = Long.MIN_VALUE / 2;
    private long probeBytesSent;
    private boolean negotiated;

    DownlinkEstimator(MonotonicClock clock) {
        this.clock = clock;
        this.estimator = new SendSideBandwidthEstimator(clock);
        this.probes = new ProbeController(clock, estimator);
    }

    /** The receiver's round trip time (from its RTCP report blocks): the estimator's AIMD and loss logic pace by it. */
    void onRtt(long rttNanos) {
        estimator.onRtt(rttNanos);
    }

    /**
     * The send-path hook: gives the packet the next transport-wide sequence number at {@code fieldIndex}
     * (where {@link SourcePacket#copyTo} put the element) and records its send. Call right before
     * the packet goes to the transport; {@code fieldIndex < 0} (the receiver did not negotiate the
     * extension for this stream) does nothing.
     */
    void stamp(ByteBuf packet, int fieldIndex) {
        if (fieldIndex >= 0) {
            TransportSequenceNumber.set(packet, fieldIndex, recordSent(packet.readableBytes()));
        }
    }

    /** {@link #stamp} for a packet of {@code length} bytes built in an array (the forwarding path). */
    void stamp(byte[] packet, int fieldIndex, int length) {
        if (fieldIndex >= 0) {
            int sequence = recordSent(length);
            packet[fieldIndex] = (byte) (sequence >>> 8);
            packet[fieldIndex + 1] = (byte) sequence;
        }
    }

    private int recordSent(int length) {
        int sequence = nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF;
        estimator.onPacketSent(sequence, length + SRTP_TAG_BYTES);
        stamped++;
        return sequence;
    }

    /** {@link #stamp} for probe padding: its losses do not count as the receiver's loss. */
    void stampProbe(ByteBuf packet, int fieldIndex) {
        int sequence = nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF;
        TransportSequenceNumber.set(packet, fieldIndex, sequence);
        estimator.onProbePacketSent(sequence, packet.readableBytes() + SRTP_TAG_BYTES);
        stamped++;
    }

    /** A transport-cc feedback from the receiver. Returns true when a probe ended well (re-allocate now). */
    boolean onFeedback(TransportWideFeedback feedback) {
        lastFeedbackNanos = clock.nanos();
        estimator.onTransportFeedback(feedback);
        return probes.onFeedback() == ProbeController.Outcome.SUCCEEDED;
    }

    /** A REMB from the receiver: a cap on the transport-cc estimate, unused by it otherwise. */
    void onRemb(long bps) {
        estimator.onRemb(bps);
    }

    /** A subscription of the receiver negotiated the transport-wide sequence number: its feedback will come. */
    void negotiated() {
        negotiated = true;
    }

    /**
     * Whether this estimate (not the REMB heuristic) drives the receiver's layers: it negotiated transport-cc
     * or sends its feedback. Until the first feedback the estimate is the start rate (or the receiver's REMB).
     */
    boolean active() {
        return negotiated || estimator.hasTransportFeedback();
    }

    long estimateBps() {
        return estimator.estimateBps();
    }

    boolean stale(long nowNanos) {
        return nowNanos - lastFeedbackNanos > STALE_NANOS;
    }

    /**
     * The allocation would send {@code desiredBps} if the estimate allowed it, while {@code mediaBps} is
     * sent now: start a probe toward it (unless one runs or backs off). The step up happens only once a
     * probe raised the estimate.
     */
    void wantStepUp(long desiredBps, long mediaBps) {
        if (stale(clock.nanos())) {
            return;
        }
        probes.requestStepUp(desiredBps, mediaBps);
    }

    /** Keeps the probe's idea of the media rate current, so its padding only makes up the difference. */
    void mediaBitrate(long bps) {
        probes.mediaBitrate(bps);
    }

    /** Bytes of probe packets to send now (0 when no probe runs). */
    int probePaddingBytes() {
        return probes.paddingBytes();
    }

    void probeSent(int bytes) {
        probeBytesSent += bytes;
    }

    BandwidthEstimateSnapshot snapshot() {
        String source = estimator.hasTransportFeedback() ? "transport-cc" : negotiated ? "start" : "remb";
        return new BandwidthEstimateSnapshot(source, estimator.estimateBps(), estimator.delayBasedBps(),
                estimator.lossBasedBps(), estimator.acknowledgedBps(), estimator.lossFraction(),
                estimator.usage().name().toLowerCase(java.util.Locale.ROOT), estimator.feedbacks(), stamped,
                probes.probes(), probes.successes(), probes.isProbing(), probeBytesSent);
    }
}

package dev.sfu.core.room;

import dev.sfu.core.rtp.AbsSendTime;

/**
 * How one receiver gets one track on the wire: the server-chosen SSRC and payload type, and the header extension
 * ids the receiver negotiated (its own, so the publisher's extensions must not leak). {@link #write} turns a
 * {@link SourcePacket} into the receiver's copy: the one extension the server writes (a transport-wide sequence
 * number placeholder, stamped at send, when the receiver negotiated one; else our abs-send-time, for its REMB),
 * then the receiver's SSRC, payload type, sequence number, timestamp and VP8 picture id / TL0PICIDX.
 *
 * <p>Immutable; array work only (no allocation), used on the forwarding and resend paths.
 */
final class ReceiverFormat {
    private final long ssrc;
    private final int payloadType;
    private final int absSendTimeId;
    private final int transportCcId;

    /**
     * @param absSendTimeId the receiver's id for abs-send-time, or 0 when it did not negotiate it
     * @param transportCcId the receiver's id for the transport-wide sequence number, or 0 when it did not
     *     negotiate it (then abs-send-time is written instead)
     */
    ReceiverFormat(long ssrc, int payloadType, int absSendTimeId, int transportCcId) {
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.absSendTimeId = absSendTimeId;
        this.transportCcId = transportCcId;
    }

    long ssrc() {
        return ssrc;
    }

    int payloadType() {
        return payloadType;
    }

    /** The receiver's transport-wide sequence number extension id, 0 when it has none. */
    int transportCcId() {
        return transportCcId;
    }

    /**
     * Writes {@code source} for this receiver into {@code out} (from index 0) as it goes on the wire before SRTP;
     * {@code outPictureId} / {@code outTl0} -1: kept as the publisher sent them.
     *
     * @return the bytes written
     */
    int write(SourcePacket source, byte[] out, int outSeq, long outTimestamp, int outPictureId, int outTl0,
            long nowNanos) {
        int length;
        if (transportCcId > 0) {
            length = source.copyTo(out, transportCcId, 2, 0);
        } else if (absSendTimeId > 0) {
            length = source.copyTo(out, absSendTimeId, 3, AbsSendTime.of(nowNanos));
        } else {
            length = source.copyTo(out, 0, 0, 0);
        }
        source.rewrite(out, length, payloadType, outSeq, outTimestamp, ssrc, outPictureId, outTl0);
        return length;
    }

    /** Where {@link #write} put the transport-wide sequence number, -1 when it wrote none. */
    int transportSequenceIndex(SourcePacket source) {
        return transportCcId > 0 ? source.extensionDataIndex() : -1;
    }
}

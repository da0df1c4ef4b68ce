package dev.sfu.core.room;

import dev.sfu.core.rtp.PaddingPacket;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.ByteBuf;

/**
 * The packets the server adds to one subscription's stream that no publisher sent: probe padding and H264 SPS/PPS
 * before a keyframe that lacks them. Each takes the next outgoing sequence number from the subscription's
 * {@link StreamRewriter}, lives in its own pooled buffer and goes out through the receiver's {@link RtpSender}; none
 * is NACK-able (no cached source packet).
 *
 * <p>Confined to the room's event loop; runs per probe slice or layer start, not per forwarded packet.
 */
final class InsertedPackets {
    /** Padding per probe packet: libwebrtc's 224 bytes, about a fifth of a media packet. */
    private static final int PADDING_BYTES = 224;
    /** Padding packets per call (one 20 ms slice of a probe). */
    private static final int MAX_PADDING_PACKETS = 32;

    private final ReceiverFormat format;
    private final StreamRewriter rewriter;
    private final RtpSender sender;
    private long parameterSetsInserted;

    InsertedPackets(ReceiverFormat format, StreamRewriter rewriter, RtpSender sender) {
        this.format = format;
        this.rewriter = rewriter;
        this.sender = sender;
    }

    /**
     * Sends about {@code bytes} of probe padding: padding-only packets on this stream's SSRC with the next sequence
     * numbers and the last timestamp (as libwebrtc pads without RTX; the receiver's jitter buffer skips them, its
     * transport-cc feedback counts them). Returns the bytes sent. The caller checks the stream has started and the
     * receiver negotiated transport-cc for it.
     */
    int padding(int bytes, long nowNanos) {
        int sent = 0;
        for (int n = 0; n < MAX_PADDING_PACKETS && sent < bytes; n++) {
            int outSeq = rewriter.insertSequence();
            if (outSeq < 0) {
                break;
            }
            long timestamp = rewriter.lastTimestamp();
            ByteBuf out = sender.allocate(PaddingPacket.length(PADDING_BYTES));
            int field = PaddingPacket.write(out, format.payloadType(), outSeq, timestamp, format.ssrc(),
                    format.transportCcId(), PADDING_BYTES);
            rewriter.sent(outSeq, timestamp, -1, -1, nowNanos);
            sent += out.readableBytes();
            sender.sendProbe(out, field);
        }
        return sent;
    }

    /**
     * Sends the layer's SPS/PPS as one STAP-A just before a keyframe that does not carry them, with the keyframe's
     * timestamp, so a receiver starting here can decode. Returns the bytes sent.
     */
    int parameterSets(H264ParameterSets parameterSets, long keyframeTimestamp, long nowNanos) {
        int outSeq = rewriter.insertBeforeSegment();
        long outTimestamp = rewriter.timestamp(keyframeTimestamp);
        ByteBuf out = parameterSets.stapAPacket(sender.alloc(), format.payloadType(), outSeq, outTimestamp,
                format.ssrc(), ParticipantTransport.SRTP_TAILROOM);
        rewriter.sent(outSeq, outTimestamp, -1, -1, nowNanos);
        parameterSetsInserted++;
        int length = out.readableBytes();
        sender.sendUnstamped(out);
        return length;
    }

    /** STAP-As of SPS/PPS sent before keyframes that lacked them. */
    long parameterSetsInserted() {
        return parameterSetsInserted;
    }
}

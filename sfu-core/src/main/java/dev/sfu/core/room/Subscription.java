package dev.sfu.core.room;

import dev.sfu.core.engine.SubscriptionSnapshot;
import dev.sfu.core.rtp.H264Payload;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One receiver's copy of one published track: the server-chosen SSRC and payload type it is sent with, and
 * the rewriting that keeps the receiver's stream continuous. Video starts only at a keyframe (one is asked
 * of the publisher when the subscription becomes active). Confined to the room's event loop.
 */
final class Subscription {
    private final Participant receiver;
    private final Publication publication;
    private final String mid;
    private final long ssrc;
    private final int payloadType;
    private final StreamRewriter rewriter;
    private final DropCounters drops;
    private long packets;
    private long bytes;

    Subscription(Participant receiver, Publication publication, String mid, long ssrc, int payloadType,
            DropCounters drops) {
        this.receiver = receiver;
        this.publication = publication;
        this.mid = mid;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.drops = drops;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.rewriter = new StreamRewriter(random.nextInt(1 << 15), random.nextLong(1L << 31));
    }

    Participant receiver() {
        return receiver;
    }

    Publication publication() {
        return publication;
    }

    String mid() {
        return mid;
    }

    long ssrc() {
        return ssrc;
    }

    /** Called when the receiver's transport connects or the subscription is created on a connected one. */
    void activate() {
        if (!rewriter.started()) {
            publication.requestKeyframe();
        }
    }

    void forward(ByteBuf source) {
        ParticipantTransport transport = receiver.transport();
        if (!transport.isConnected()) {
            return;
        }
        int inSeq = RtpPacket.sequenceNumber(source);
        if (!rewriter.started()) {
            if (!startsDecodableStream(source)) {
                drops.count(DropReason.WAITING_FOR_KEYFRAME);
                return;
            }
            rewriter.start(inSeq, RtpPacket.timestamp(source));
        } else if (rewriter.isBeforeStart(inSeq)) {
            return;
        }
        ByteBuf out = transport.alloc().directBuffer(source.readableBytes() + ParticipantTransport.SRTP_TAILROOM);
        // The receiver negotiated its own extension ids (or none): the publisher's extensions must not leak.
        RtpPacket.copyWithoutExtensions(source, out);
        RtpPacket.setSsrc(out, ssrc);
        RtpPacket.setPayloadType(out, payloadType);
        RtpPacket.setSequenceNumber(out, rewriter.sequence(inSeq));
        RtpPacket.setTimestamp(out, rewriter.timestamp(RtpPacket.timestamp(source)));
        packets++;
        bytes += out.readableBytes();
        transport.sendRtp(out);
    }

    private boolean startsDecodableStream(ByteBuf packet) {
        if (publication.kind() == TrackKind.AUDIO) {
            return true;
        }
        int offset = RtpPacket.payloadOffset(packet);
        int length = RtpPacket.payloadLength(packet);
        if (length <= 0) {
            return false;
        }
        if ("H264".equalsIgnoreCase(publication.codec())) {
            return H264Payload.isKeyframe(packet, offset, length);
        }
        return Vp8PayloadDescriptor.isKeyframe(packet, offset, length);
    }

    SubscriptionSnapshot snapshot() {
        return new SubscriptionSnapshot(publication.id(), publication.owner().id(), publication.kind().sdpName(), mid,
                ssrc, rewriter.started(), packets, bytes);
    }
}

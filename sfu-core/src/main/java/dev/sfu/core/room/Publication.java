package dev.sfu.core.room;

import dev.sfu.core.engine.TrackSnapshot;
import dev.sfu.core.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A track a participant publishes (one incoming RTP stream, plus its RTX stream) and the subscriptions that
 * forward it. Confined to the room's event loop; {@link #onRtp} is the hot path: it allocates nothing but
 * the pooled buffer each subscription sends.
 */
final class Publication {
    private final String id;
    private final Participant owner;
    private final String mid;
    private final TrackKind kind;
    private final String codec;
    private final int clockRate;
    private long ssrc = -1;
    private long rtxSsrc = -1;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private KeyframeRequester keyframes;

    private long packets;
    private long bytes;
    private int highestSeq = -1;
    private long seqCycles;

    Publication(String id, Participant owner, String mid, TrackKind kind, String codec, int clockRate) {
        this.id = id;
        this.owner = owner;
        this.mid = mid;
        this.kind = kind;
        this.codec = codec;
        this.clockRate = clockRate;
    }

    void attachKeyframeRequester(KeyframeRequester requester) {
        this.keyframes = requester;
    }

    String id() {
        return id;
    }

    Participant owner() {
        return owner;
    }

    String mid() {
        return mid;
    }

    TrackKind kind() {
        return kind;
    }

    String codec() {
        return codec;
    }

    int clockRate() {
        return clockRate;
    }

    long ssrc() {
        return ssrc;
    }

    long rtxSsrc() {
        return rtxSsrc;
    }

    void bindSsrc(long mediaSsrc, long repairSsrc) {
        this.ssrc = mediaSsrc;
        this.rtxSsrc = repairSsrc;
    }

    boolean hasSsrc() {
        return ssrc >= 0;
    }

    void onRtp(ByteBuf packet) {
        packets++;
        bytes += packet.readableBytes();
        trackSequence(RtpPacket.sequenceNumber(packet));
        if (muted) {
            return;
        }
        for (int i = 0, n = subscriptions.size(); i < n; i++) {
            subscriptions.get(i).forward(packet);
        }
    }

    private void trackSequence(int seq) {
        if (highestSeq < 0) {
            highestSeq = seq;
        } else if (((seq - highestSeq) & 0xFFFF) < 0x8000 && seq != highestSeq) {
            if (seq < highestSeq) {
                seqCycles += 1 << 16;
            }
            highestSeq = seq;
        }
    }

    /** The extended highest sequence number received (RFC 3550 §6.4.1), for receiver reports. */
    long extendedHighestSequence() {
        return highestSeq < 0 ? 0 : seqCycles + highestSeq;
    }

    long packets() {
        return packets;
    }

    void requestKeyframe() {
        if (keyframes != null && kind == TrackKind.VIDEO) {
            keyframes.request();
        }
    }

    void addSubscription(Subscription subscription) {
        subscriptions.add(subscription);
    }

    void removeSubscription(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    TrackSnapshot snapshot() {
        return new TrackSnapshot(id, owner.id(), kind.sdpName(), mid, codec, ssrc, packets, bytes,
                subscriptions.size(), muted);
    }

    // ---- server-side mute: the publication keeps arriving, nothing is forwarded ----

    private boolean muted;

    boolean muted() {
        return muted;
    }

    /** Stops or resumes forwarding; on resume, video asks for a keyframe so receivers decode at once. */
    void setMuted(boolean value) {
        if (muted && !value) {
            muted = false;
            requestKeyframe();
        }
        muted = value;
    }
}

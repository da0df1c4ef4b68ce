package dev.sfu.peer;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.stats.StreamStatistics;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;

/**
 * Receive-side bookkeeping of one incoming SSRC: counts, sequence continuity, timestamp order, keyframes (and
 * the frame size of the last one), and the {@link PayloadStamp} checks (sender, kind, integrity, latency,
 * and the publisher's simulcast layer: a change of layer must start with a keyframe). Confined to the peer's
 * event loop; it allocates nothing per packet.
 */
final class InboundStream {
    private final long ssrc;
    private final String mid;
    private final boolean video;
    private final int payloadType;
    private final PayloadStamp stamp;
    private long packets;
    private long payloadBytes;
    private int firstSequence = -1;
    private long highest = -1;
    private long missing;
    private long outOfOrder;
    /** Sequence numbers skipped among the last {@value #GAP_WINDOW}, one bit each, until they arrive late. */
    private static final int GAP_WINDOW = 1024;
    private final long[] gaps = new long[GAP_WINDOW / 64];
    private long gapsFilled;
    private boolean firstWasKeyframeStart;
    private long keyframes;
    private long frames;
    private int senderId = -1;
    private long senderIdChanges;
    private long kindMismatches;
    private long corrupt;
    private long lastCounter = -1;
    private long counterGaps;
    private long minLatency = Long.MAX_VALUE;
    private long maxLatency = -1;
    private long latencySum;
    private long latencyCount;
    private long lastTimestamp = -1;
    private long timestampRegressions;
    private int lastKeyframeWidth = -1;
    private int lastKeyframeHeight = -1;
    private long firstKeyframeNanos = -1;
    private long keyframeSizeChangedNanos = -1;
    private int layer = -1;
    private long layerChanges;
    private long layerChangesWithoutKeyframe;
    private final StreamStatistics reception;
    private long lastStampedTimestamp = -1;
    private long lastStampedSendNanos;

    InboundStream(long ssrc, String mid, int payloadType, PayloadStamp stamp) {
        this.ssrc = ssrc;
        this.mid = mid;
        this.payloadType = payloadType;
        this.video = payloadType == LocalTrack.VP8_PT || payloadType == LocalTrack.H264_PT;
        this.stamp = stamp;
        this.reception = new StreamStatistics(ssrc, video ? 90_000 : 48_000);
    }

    /** Reception statistics (RFC 3550 A.1/A.3/A.8) for the peer's report blocks about this stream. */
    StreamStatistics reception() {
        return reception;
    }

    /** Records one decrypted RTP packet (header already checked to be well formed). */
    void onPacket(ByteBuf packet, long nowNanos) {
        int seq = RtpPacket.sequenceNumber(packet);
        int offset = RtpPacket.payloadOffset(packet);
        int length = RtpPacket.payloadLength(packet);
        reception.onPacket(seq, RtpPacket.timestamp(packet), nowNanos, packet.readableBytes());
        packets++;
        payloadBytes += Math.max(0, length);
        if (trackSequence(seq)) {
            trackTimestamp(RtpPacket.timestamp(packet));
        }
        if (length == 0 && RtpPacket.hasPadding(packet)) {
            return; // padding only (a sender's bandwidth probe): a sequence number, no media
        }
        if (RtpPacket.marker(packet)) {
            frames++;
        }
        boolean keyStart = video && length > 0 && Vp8PayloadDescriptor.isKeyframe(packet, offset, length);
        if (packets == 1) {
            firstWasKeyframeStart = !video || keyStart;
        }
        if (keyStart) {
            keyframes++;
            onKeyframe(packet, offset, length, nowNanos);
        }
        checkStamp(packet, offset, length, keyStart, nowNanos);
    }

    /** Returns whether the packet is the newest so far. */
    private boolean trackSequence(int seq) {
        if (highest < 0) {
            firstSequence = seq;
            highest = seq;
            return true;
        }
        int diff = (short) (seq - (int) (highest & 0xFFFF));
        if (diff > 0) {
            missing += diff - 1;
            for (int i = 0; i < Math.min(diff, GAP_WINDOW); i++) {
                setGap(highest + diff - i, i != 0); // the new highest arrived; the ones before it are holes
            }
            highest += diff;
            return true;
        }
        outOfOrder++;
        long late = highest + diff;
        if (highest - late < GAP_WINDOW && isGap(late)) {
            setGap(late, false);
            gapsFilled++;
        }
        return false;
    }

    private void setGap(long extendedSeq, boolean gap) {
        int index = (int) (extendedSeq & (GAP_WINDOW - 1));
        if (gap) {
            gaps[index >>> 6] |= 1L << (index & 63);
        } else {
            gaps[index >>> 6] &= ~(1L << (index & 63));
        }
    }

    private boolean isGap(long extendedSeq) {
        int index = (int) (extendedSeq & (GAP_WINDOW - 1));
        return (gaps[index >>> 6] & 1L << (index & 63)) != 0;
    }

    /** In sequence order, RTP timestamps never go back (modulo 2^32). */
    private void trackTimestamp(long timestamp) {
        if (lastTimestamp >= 0 && (int) (timestamp - lastTimestamp) < 0) {
            timestampRegressions++;
        }
        lastTimestamp = timestamp;
    }

    private void onKeyframe(ByteBuf packet, int offset, int length, long nowNanos) {
        int width = Vp8PayloadDescriptor.keyframeWidth(packet, offset, length);
        int height = Vp8PayloadDescriptor.keyframeHeight(packet, offset, length);
        if (firstKeyframeNanos < 0) {
            firstKeyframeNanos = nowNanos;
        }
        if (width != lastKeyframeWidth || height != lastKeyframeHeight) {
            keyframeSizeChangedNanos = nowNanos;
        }
        lastKeyframeWidth = width;
        lastKeyframeHeight = height;
    }

    /** Whether a packet's payload carries an intact stamp (video: after the VP8 descriptor and header). */
    static boolean stampIntact(PayloadStamp stamp, ByteBuf packet, boolean video) {
        int offset = RtpPacket.payloadOffset(packet);
        int length = RtpPacket.payloadLength(packet);
        int skip = 1;
        if (video) {
            skip = Vp8PayloadDescriptor.descriptorLength(packet, offset, length);
            if (skip < 0) {
                return false;
            }
            if (Vp8PayloadDescriptor.isStartOfFrame(packet, offset, length)) {
                skip += Vp8PayloadDescriptor.isKeyframe(packet, offset, length) ? 10 : 3;
            }
        }
        return length - skip >= 0 && stamp.verify(packet, offset + skip, length - skip);
    }

    /** Finds the stamp after the payload headers: Opus TOC, or VP8 descriptor (+ payload header). */
    private void checkStamp(ByteBuf packet, int offset, int length, boolean keyStart, long nowNanos) {
        int skip;
        if (video) {
            int d = Vp8PayloadDescriptor.descriptorLength(packet, offset, length);
            if (d < 0) {
                corrupt++;
                return;
            }
            skip = d;
            if (Vp8PayloadDescriptor.isStartOfFrame(packet, offset, length)) {
                skip += keyStart ? 10 : 3;
            }
        } else {
            skip = 1;
        }
        int at = offset + skip;
        int stampLength = length - skip;
        if (!stamp.verify(packet, at, stampLength)) {
            corrupt++;
            return;
        }
        int stampedLayer = PayloadStamp.layer(packet, at);
        if (stampedLayer != layer) {
            if (layer >= 0) {
                layerChanges++;
                if (!keyStart) {
                    layerChangesWithoutKeyframe++;
                }
                lastCounter = -1; // each layer counts its own packets
            }
            layer = stampedLayer;
        }
        int sender = PayloadStamp.senderId(packet, at);
        if (senderId == -1) {
            senderId = sender;
        } else if (sender != senderId) {
            senderIdChanges++;
        }
        int expectedKind = video ? PayloadStamp.KIND_VIDEO : PayloadStamp.KIND_AUDIO;
        if (PayloadStamp.kind(packet, at) != expectedKind) {
            kindMismatches++;
        }
        lastStampedTimestamp = RtpPacket.timestamp(packet);
        lastStampedSendNanos = PayloadStamp.sendNanos(packet, at);
        long counter = PayloadStamp.counter(packet, at);
        if (lastCounter >= 0) {
            long step = (counter - lastCounter) & 0xFFFFFFFFL;
            if (step > 1 && step < 0x8000_0000L) {
                counterGaps += step - 1;
            }
        }
        lastCounter = counter;
        long latency = nowNanos - PayloadStamp.sendNanos(packet, at);
        if (latency >= 0) {
            minLatency = Math.min(minLatency, latency);
            maxLatency = Math.max(maxLatency, latency);
            latencySum += latency;
            latencyCount++;
        }
    }

    boolean video() {
        return video;
    }

    /** The publisher's simulcast layer of the last stamped packet, -1 before one. */
    int layer() {
        return layer;
    }

    /** The RTP timestamp of the last packet with an intact stamp, -1 before one. */
    long lastStampedTimestamp() {
        return lastStampedTimestamp;
    }

    /** When its publisher sent it ({@code System.nanoTime()} of the sending peer, same process). */
    long lastStampedSendNanos() {
        return lastStampedSendNanos;
    }

    InboundStreamStats snapshot() {
        return new InboundStreamStats(ssrc, mid, video ? "video" : "audio", payloadType, packets, payloadBytes,
                firstSequence, highest, missing, outOfOrder, firstWasKeyframeStart, keyframes, frames, senderId,
                senderIdChanges, kindMismatches, corrupt, counterGaps,
                latencyCount == 0 ? -1 : minLatency / 1000, latencyCount == 0 ? -1 : maxLatency / 1000,
                latencyCount == 0 ? -1 : latencySum / latencyCount / 1000, timestampRegressions, lastKeyframeWidth,
                lastKeyframeHeight, firstKeyframeNanos, keyframeSizeChangedNanos, layer, layerChanges,
                layerChangesWithoutKeyframe, gapsFilled);
    }
}

package dev.sfu.core.room;

import dev.sfu.core.model.LayerSnapshot;
import dev.sfu.core.rtx.RetransmissionCache;
import dev.sfu.core.rtx.UpstreamRecovery;
import dev.sfu.core.stats.BitrateMeter;
import dev.sfu.core.stats.SenderClock;
import dev.sfu.core.stats.StreamStatistics;
import dev.sfu.core.time.MonotonicClock;

/**
 * One encoding of a published track as it arrives: a simulcast layer (RID or SSRC-group signalled) or the only encoding
 * of a non-simulcast track. Knows its SSRCs, whether it is still arriving (the publisher drops its top layers under CPU
 * or bandwidth pressure), its bitrate, the resolution of its last keyframe, and (video) its own keyframe requester and
 * upstream loss recovery, made with it ({@link Parts}). A video layer also keeps the {@link RetransmissionCache} its
 * subscriptions answer NACKs from and, when the keyframe cache is on, its last keyframe ({@link KeyframeCache}); both
 * are closed with the publication. Its reception statistics ({@link StreamStatistics}: loss, jitter, extended sequence,
 * the LSR of the publisher's last SR) make the report block of our receiver report about it, and its
 * {@link SenderClock} (from the publisher's SRs) the RTP timestamps of the SRs of the subscriptions forwarding it. Confined to
 * the room's event loop.
 */
final class Layer {
    /** A layer that sent nothing for this long is not chosen for anyone. */
    static final long INACTIVE_AFTER_NANOS = 1_500_000_000L;

    private final int index;
    private final String rid;
    private final RetransmissionCache retransmissions;
    private final KeyframeCache keyframeCache;
    private final H264ParameterSets parameterSets;
    private final UpstreamRecovery recovery;
    private final KeyframeRequester keyframes;
    private long ssrc = -1;
    private long rtxSsrc = -1;
    private long lastPacketNanos = Long.MIN_VALUE / 2;
    private long packets;
    private long bytes;
    private int width;
    private int height;
    private long keyframesSeen;
    private long lastKeyframeTimestamp;
    private long lastKeyframeNanos = Long.MIN_VALUE / 2;

    private final BitrateMeter bitrate = BitrateMeter.oneSecond();

    private final int clockRate;
    private final SenderClock senderClock;
    /** Created when the SSRC is known (a report block names it). */
    private StreamStatistics statistics;

    /**
     * The per-layer state a video layer has (each null for audio, or when its feature is off), made with the layer.
     *
     * @param retransmissions the layer's cache of recent packets (video)
     * @param keyframeCache its last keyframe (video, when the keyframe cache is on)
     * @param parameterSets its latest H264 SPS/PPS (H264 video)
     * @param recovery NACKs to the publisher for what it lost, and its RTX stream unwrapped (video)
     * @param keyframeRequester merges and throttles the keyframe requests to the publisher (video)
     */
    record Parts(RetransmissionCache retransmissions, KeyframeCache keyframeCache, H264ParameterSets parameterSets,
            UpstreamRecovery recovery, KeyframeRequester keyframeRequester) {
        static final Parts NONE = new Parts(null, null, null, null, null);
    }

    Layer(int index, String rid, int clockRate, Parts parts) {
        this.index = index;
        this.rid = rid;
        this.clockRate = clockRate;
        this.retransmissions = parts.retransmissions();
        this.senderClock = new SenderClock(clockRate);
        this.keyframeCache = parts.keyframeCache();
        this.parameterSets = parts.parameterSets();
        this.recovery = parts.recovery();
        this.keyframes = parts.keyframeRequester();
    }

    /** Loss recovery toward the publisher (video), or null. */
    UpstreamRecovery recovery() {
        return recovery;
    }

    /** The latest SPS/PPS of an H264 layer, or null. */
    H264ParameterSets parameterSets() {
        return parameterSets;
    }

    /** The last keyframe of this layer, or null (audio, or the keyframe cache is off). */
    KeyframeCache keyframeCache() {
        return keyframeCache;
    }

    /** Recent packets of this layer for NACKs, or null (audio). */
    RetransmissionCache retransmissions() {
        return retransmissions;
    }

    /** Releases every cached packet; later packets are no longer cached. Idempotent. */
    void close() {
        if (retransmissions != null) {
            retransmissions.close();
        }
        if (keyframeCache != null) {
            keyframeCache.close();
        }
    }

    /**
     * The cached keyframe a receiver can start from now: not older than {@code maxAgeNanos}, and every packet
     * of this layer after it (at most {@code maxCatchUp}) still in the retransmission cache, since the delta
     * frames after a keyframe reference it and none may be skipped. Null otherwise. Borrowed.
     */
    KeyframeCache.Frame replayableKeyframe(long nowNanos, long maxAgeNanos, int maxCatchUp) {
        KeyframeCache.Frame frame = keyframeCache == null ? null : keyframeCache.fresh(nowNanos, maxAgeNanos);
        if (frame == null || retransmissions == null || highestSequence() < 0
                || catchUpPackets(frame) > maxCatchUp) { // (also a highest from before the frame's end)
            return null;
        }
        for (int i = 1, n = catchUpPackets(frame); i <= n; i++) {
            if (retransmissions.peek(frame.lastSequence() + i) == null) {
                return null;
            }
        }
        return frame;
    }

    /** Packets of this layer received after the end of {@code frame}. */
    int catchUpPackets(KeyframeCache.Frame frame) {
        return (highestSequence() - frame.lastSequence()) & 0xFFFF;
    }

    /** The newest sequence number received, or -1 before the first packet. */
    int highestSequence() {
        return statistics == null || statistics.packetsReceived() == 0
                ? -1 : (int) (statistics.extendedHighestSequence() & 0xFFFF);
    }

    int index() {
        return index;
    }

    String rid() {
        return rid;
    }

    long ssrc() {
        return ssrc;
    }

    long rtxSsrc() {
        return rtxSsrc;
    }

    void bindSsrc(long mediaSsrc) {
        this.ssrc = mediaSsrc;
        this.statistics = new StreamStatistics(mediaSsrc, clockRate);
    }

    /** Reception statistics of the layer's media SSRC; null until it is bound. */
    StreamStatistics statistics() {
        return statistics;
    }

    /** The publisher's RTP clock for this layer, from its sender reports. */
    SenderClock senderClock() {
        return senderClock;
    }

    void bindRtxSsrc(long repairSsrc) {
        this.rtxSsrc = repairSsrc;
    }

    /** The keyframe governor of this layer (video), or null. */
    KeyframeRequester keyframeRequester() {
        return keyframes;
    }

    /** Accounts one packet of this layer; allocation-free. */
    void onPacket(int sequence, long timestamp, int length, long nowNanos) {
        packets++;
        bytes += length;
        lastPacketNanos = nowNanos;
        bitrate.add(nowNanos, length);
        if (statistics != null) {
            statistics.onPacket(sequence, timestamp, nowNanos, length);
        }
    }

    /**
     * A packet that starts a keyframe, or (H264) continues one: its SPS/PPS and each IDR slice start one, all with
     * the frame's RTP timestamp, which is counted once.
     */
    void onKeyframe(int keyframeWidth, int keyframeHeight, long rtpTimestamp, long nowNanos) {
        if (keyframeWidth > 0 && keyframeHeight > 0) {
            width = keyframeWidth;
            height = keyframeHeight;
        }
        if (keyframesSeen > 0 && rtpTimestamp == lastKeyframeTimestamp) {
            return;
        }
        keyframesSeen++;
        lastKeyframeTimestamp = rtpTimestamp;
        lastKeyframeNanos = nowNanos;
        if (keyframes != null) {
            keyframes.keyframeArrived();
        }
    }

    boolean isActive(long nowNanos) {
        return ssrc >= 0 && nowNanos - lastPacketNanos < INACTIVE_AFTER_NANOS;
    }

    long bitrateBps(long nowNanos) {
        // A layer that stopped has no rate, whatever its last window said.
        return isActive(nowNanos) ? bitrate.bitrateBps(nowNanos) : 0;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    long packets() {
        return packets;
    }

    LayerSnapshot snapshot(MonotonicClock clock) {
        long now = clock.nanos();
        return new LayerSnapshot(index, rid, ssrc, isActive(now), bitrateBps(now), width, height, packets, bytes,
                keyframesSeen, keyframes == null ? 0 : keyframes.sent());
    }
}

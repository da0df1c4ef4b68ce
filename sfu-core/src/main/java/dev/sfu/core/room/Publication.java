package dev.sfu.core.room;

import dev.sfu.core.rtx.RetransmissionCache;
import dev.sfu.core.rtx.UpstreamRecovery;
import dev.sfu.core.time.MonotonicClock;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A track a participant publishes: one to three encodings ({@link Layer}s, lowest first) and the
 * subscriptions that forward it. Keyframes are recognised here once per packet, not once per receiver.
 * Confined to the room's event loop; {@link #onRtp} is the hot path: it allocates nothing but the pooled
 * buffer each subscription sends.
 */
final class Publication {
    private final String id;
    private final Participant owner;
    private final String mid;
    private final TrackKind kind;
    private final String codec;
    private final int clockRate;
    /** Known once: the per-packet path asks for every receiver. */
    private final boolean vp8;
    private final boolean h264;
    private final Layer[] layers;
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** For packets sent to one subscription outside the fan-out: cached-keyframe replays and resends. */
    private final SourcePacket sideSource = new SourcePacket();
    private final RoomContext context;
    private final MonotonicClock clock;
    private boolean muted;

    /**
     * @param owner the publisher, asked for keyframes by the layers' {@link KeyframeRequester}s
     * @param rids the layers' RIDs lowest first, or a single null for a track with one encoding or SSRC-signalled
     *     layers
     */
    Publication(RoomContext context, String id, Participant owner, String mid, TrackKind kind, String codec,
            int clockRate, List<String> rids) {
        this.id = id;
        this.owner = owner;
        this.mid = mid;
        this.kind = kind;
        this.codec = codec;
        this.clockRate = clockRate;
        this.vp8 = kind == TrackKind.VIDEO && "VP8".equalsIgnoreCase(codec);
        this.h264 = "H264".equalsIgnoreCase(codec);
        this.context = context;
        this.clock = context.clock();
        this.layers = new Layer[rids.size()];
        boolean video = kind == TrackKind.VIDEO;
        for (int i = 0; i < layers.length; i++) {
            RetransmissionCache cache = video ? RetransmissionCache.forVideo(clock) : null;
            KeyframeCache keyframes = video && context.keyframeCacheOn() ? new KeyframeCache() : null;
            H264ParameterSets parameterSets = video && h264 ? new H264ParameterSets() : null;
            UpstreamRecovery recovery = video ? new UpstreamRecovery(clock) : null;
            Layer[] all = layers;
            int index = i;
            KeyframeRequester requester = video ? new KeyframeRequester(clock, context.scheduler(),
                    fir -> owner.sendKeyframeRequest(all[index].ssrc(), fir)) : null;
            layers[i] = new Layer(i, rids.get(i), clockRate, new Layer.Parts(cache, keyframes, parameterSets,
                    recovery, requester));
        }
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

    /** Where a subscription loads a packet it sends outside the fan-out (replays, resends); see {@link SourcePacket}. */
    SourcePacket sideSource() {
        return sideSource;
    }

    /** A VP8 video track (its payload descriptor's picture id and TL0PICIDX are rewritten per receiver). */
    boolean isVp8() {
        return vp8;
    }

    int layerCount() {
        return layers.length;
    }

    Layer layer(int index) {
        return layers[index];
    }

    /** The layer receiving this media SSRC, or null. Allocation-free. */
    Layer layerBySsrc(long ssrc) {
        for (Layer layer : layers) {
            if (layer.ssrc() == ssrc) {
                return layer;
            }
        }
        return null;
    }

    /** The layer whose RTX stream has this SSRC, or null. Allocation-free. */
    Layer layerByRtxSsrc(long ssrc) {
        for (Layer layer : layers) {
            if (layer.rtxSsrc() == ssrc) {
                return layer;
            }
        }
        return null;
    }

    Layer layerByRid(String rid) {
        for (Layer layer : layers) {
            if (rid.equals(layer.rid())) {
                return layer;
            }
        }
        return null;
    }

    /** The only layer of a track whose single encoding has no RID, when it still waits for its SSRC. */
    Layer unboundSingleLayer() {
        return layers.length == 1 && layers[0].rid() == null && layers[0].ssrc() < 0 ? layers[0] : null;
    }

    /** Whether the server stopped forwarding this track (a backend mute); it keeps arriving meanwhile. */
    boolean muted() {
        return muted;
    }

    /** Stops or resumes forwarding; on resume, video asks for keyframes so receivers decode at once. */
    void setMuted(boolean value) {
        boolean resumed = muted && !value;
        muted = value;
        if (resumed) {
            for (int layer = 0; layer < layers.length; layer++) {
                requestKeyframe(layer);
            }
        }
    }

    /**
     * The hot path: one packet of one layer, parsed once by the caller ({@link IncomingRtpRouter}); the layer's
     * statistics, upstream recovery, keyframe detection and caches read its fields, then each subscription builds
     * its copy from it.
     */
    void onRtp(Layer layer, SourcePacket source) {
        long now = clock.nanos();
        if (vp8) {
            source.parseVp8();
        }
        int sequence = source.sequence();
        layer.onPacket(sequence, source.timestamp(), source.length(), now);
        UpstreamRecovery recovery = layer.recovery();
        if (recovery != null) {
            recovery.onMedia(sequence, source.payloadType());
        }
        boolean keyframeStart = kind == TrackKind.AUDIO || KeyframeStarts.detect(layer, source, vp8, h264, now);
        if (muted) {
            return;
        }
        ByteBuf packet = source.buffer();
        KeyframeCache keyframes = layer.keyframeCache();
        if (keyframes != null) {
            keyframes.onPacket(packet, sequence, source.timestamp(), source.marker(), keyframeStart, now);
        }
        if (subscriptions.isEmpty() && keyframes == null) {
            return;
        }
        RetransmissionCache cache = layer.retransmissions();
        if (cache != null) {
            // Kept (a retained slice, no copy) before the fan-out so every subscription can answer NACKs for it;
            // with the keyframe cache on also while nobody subscribes: a first receiver starting from the
            // cached keyframe gets the frames after it from here.
            cache.put(packet, sequence);
        }
        for (int i = 0, n = subscriptions.size(); i < n; i++) {
            subscriptions.get(i).forward(layer, source, keyframeStart, now);
        }
    }

    /**
     * A packet of a layer's RTX stream: when it repairs a packet lost on the way from the publisher, the
     * original goes into the layer's cache and to the subscriptions currently on this layer, each of which
     * sends it with the outgoing sequence number it would have had (or not at all, when it is already past
     * it). A repaired packet never starts a layer switch. Returns false when the packet repaired nothing.
     *
     * @param scratch where the original is parsed (the caller's, reused: the RTX packet is not read after this)
     */
    boolean onRtx(Layer layer, ByteBuf rtx, SourcePacket scratch) {
        UpstreamRecovery recovery = layer.recovery();
        ByteBuf original = recovery == null ? null : recovery.repair(rtx, layer.ssrc(), context.alloc());
        if (original == null) {
            return false;
        }
        try {
            RetransmissionCache cache = layer.retransmissions();
            if (cache != null) {
                cache.put(original);
            }
            if (!muted && !subscriptions.isEmpty() && scratch.load(original, vp8)) {
                long now = clock.nanos();
                for (int i = 0, n = subscriptions.size(); i < n; i++) {
                    subscriptions.get(i).forwardRepaired(layer, scratch, now);
                }
            }
        } finally {
            original.release();
        }
        return true;
    }

    /** The RTT to the publisher (from RTCP), spacing repeated NACKs of one packet; 100 ms until set. */
    void upstreamRtt(long nanos) {
        for (Layer layer : layers) {
            if (layer.recovery() != null) {
                layer.recovery().rtt(nanos);
            }
        }
    }

    /** Lets the layers' caches release what aged out (a silent stream holds no buffers); one-second tick. */
    void expireRetransmissions() {
        long now = clock.nanos();
        for (Layer layer : layers) {
            if (layer.retransmissions() != null) {
                layer.retransmissions().expire();
            }
            if (layer.keyframeCache() != null) {
                layer.keyframeCache().expire(now);
            }
        }
    }

    /** The publication went away (unpublished, or its owner left): releases every cached packet. */
    void close() {
        for (Layer layer : layers) {
            layer.close();
        }
    }

    /** Asks the publisher for a keyframe of one layer (merged and throttled by that layer's governor). */
    void requestKeyframe(int layerIndex) {
        if (kind == TrackKind.VIDEO && layerIndex >= 0 && layerIndex < layers.length) {
            KeyframeRequester requester = layers[layerIndex].keyframeRequester();
            if (requester != null) {
                requester.request();
            }
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
}

package dev.sfu.core.room;

import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;

/**
 * Which layer of a publication one receiver gets: the {@code target} (set by {@link LayerAllocator}) and the
 * {@code current} layer. The current layer is kept until a keyframe of the target arrives (or
 * {@link CachedKeyframeStart} starts the target from its cached one); the keyframe is asked for when the target
 * changes and again now and then while it does not come.
 *
 * <p>A part of {@link Subscription}, confined to the room's event loop; {@link #mayStart} is on the per-packet path.
 */
final class LayerSelection {
    private static final long KEYFRAME_ASK_INTERVAL_NANOS = 1_000_000_000L;
    private final Publication publication;
    private final RtpSender sender;
    private final CachedKeyframeStart cachedStart;
    private final DropCounters drops;
    private final long createdNanos;
    // Until the allocator runs, start at the lowest layer: quick to arrive, cheap to send.
    private int target = 0;
    private int current = -1;
    private int maxTemporalLayer = -1;
    private long lastDownSwitchNanos = Long.MIN_VALUE / 2;
    private long lastKeyframeAskNanos = Long.MIN_VALUE / 2;
    private long firstFrameNanos = -1;
    private long switches;

    LayerSelection(Publication publication, RtpSender sender, CachedKeyframeStart cachedStart, DropCounters drops,
            long createdNanos) {
        this.publication = publication;
        this.sender = sender;
        this.cachedStart = cachedStart;
        this.drops = drops;
        this.createdNanos = createdNanos;
    }

    int target() {
        return target;
    }

    int current() {
        return current;
    }

    /** The highest temporal layer forwarded, -1: all. */
    int maxTemporalLayer() {
        return maxTemporalLayer;
    }

    long lastDownSwitchNanos() {
        return lastDownSwitchNanos;
    }

    /** Layer switches after the first layer. */
    long switches() {
        return switches;
    }

    /** Time from the subscription's creation to its first forwarded (key)frame, -1 before. */
    long timeToFirstFrameNanos() {
        return firstFrameNanos < 0 ? -1 : firstFrameNanos - createdNanos;
    }

    /**
     * Sets the layer this receiver should get (-1: nothing) and the highest temporal layer. A change starts the
     * new layer from its cached keyframe when that is fresh; otherwise it asks the publisher for a keyframe of
     * the new layer and the switch happens when it arrives.
     *
     * @param holdStepUps a step down the bandwidth forced: step-ups wait a while ({@link LayerAllocator#holdsStepUps})
     */
    void setTarget(int layer, int temporalLayer, boolean holdStepUps, long nowNanos) {
        maxTemporalLayer = temporalLayer;
        if (layer != target) {
            if (holdStepUps) {
                lastDownSwitchNanos = nowNanos;
            }
            target = layer;
            if (layer < 0) {
                current = -1;
            }
            lastKeyframeAskNanos = Long.MIN_VALUE / 2;
            if (layer >= 0 && layer != current) {
                cachedStart.soon(nowNanos);
            }
        }
        // Still waiting for the target's keyframe (the request or the keyframe got lost, or came before the
        // receiver was connected): ask again now and then; the layer's governor merges and throttles.
        if (target >= 0 && target != current && sender.connected() && !cachedStart.pending()
                && nowNanos - lastKeyframeAskNanos >= KEYFRAME_ASK_INTERVAL_NANOS) {
            askForKeyframe(nowNanos);
        }
    }

    /** Asks the publisher for a keyframe of the target layer. */
    void askForKeyframe(long nowNanos) {
        lastKeyframeAskNanos = nowNanos;
        publication.requestKeyframe(target);
    }

    /** The receiver's transport connected (or the subscription was created on a connected one). */
    void activate(long nowNanos) {
        cachedStart.activated(nowNanos);
        if (current != target && target >= 0 && !cachedStart.soon(nowNanos)) {
            publication.requestKeyframe(target);
        }
    }

    /**
     * Whether a live packet of {@code layerIndex}, a layer other than the current one, starts a switch to it: it
     * must be the target's and start a keyframe the receiver is ready for.
     */
    boolean mayStart(int layerIndex, boolean keyframeStart, long nowNanos) {
        if (layerIndex != target) {
            return false;
        }
        if (!keyframeStart) {
            if (current < 0) {
                drops.count(DropReason.WAITING_FOR_KEYFRAME);
            }
            return false;
        }
        if (current < 0 && !cachedStart.receiverReady(nowNanos)) {
            // The receiver may not have its SRTP keys yet: it would drop this keyframe and start on a delta.
            drops.count(DropReason.WAITING_FOR_KEYFRAME);
            cachedStart.startWhenReady(nowNanos);
            return false;
        }
        return true;
    }

    /** {@code layerIndex} is the current layer from now on. */
    void switchedTo(int layerIndex, long nowNanos) {
        if (current >= 0) {
            switches++;
        }
        current = layerIndex;
        if (firstFrameNanos < 0) {
            firstFrameNanos = nowNanos;
        }
    }
}

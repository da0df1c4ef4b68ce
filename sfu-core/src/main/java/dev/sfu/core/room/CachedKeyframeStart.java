package dev.sfu.core.room;

import dev.sfu.core.rtx.RetransmissionCache;

/**
 * Starts one subscription's target layer from the layer's cached keyframe instead of asking the publisher: the
 * keyframe ({@link KeyframeCache}), then the packets of the layer that came after it (from the layer's
 * {@link RetransmissionCache}: a delta frame references the frame before it, so none may be skipped), all through
 * the subscription's normal rewriter, so the receiver decodes at once. Live packets of the layer then follow.
 *
 * <pre>
 *   soon(now)      from setTarget / activate: replay now, or schedule it for when the receiver is ready
 *                  ({@link #CACHED_START_DELAY_NANOS} after activation) or a keyframe now arriving is
 *                  complete; false when the cache cannot serve: the caller asks the publisher
 *   runScheduled   the timer: replay, wait a little more for an arriving keyframe, or ask the publisher
 * </pre>
 *
 * <p>The replay runs inside one event-loop task, so no live packet of the layer can come between the replayed
 * keyframe and its catch-up packets. The live path keeps the same delay for a subscription's first start
 * ({@link #receiverReady}): a live keyframe forwarded the moment the server's DTLS completed reached a receiver
 * still without its SRTP keys, which dropped it and then saw a delta frame first. Confined to the room's event
 * loop.
 */
final class CachedKeyframeStart {
    /**
     * At most this many packets after a cached keyframe are replayed with it (about 2 s of a 1.5 Mbps layer, the
     * most the cache age allows); well inside {@link Retransmitter#HISTORY}, so every replayed packet stays
     * NACK-able.
     */
    static final int MAX_CATCH_UP_PACKETS = 384;
    /**
     * A new subscription (or one whose receiver just connected) starts from a cached keyframe only this long after
     * it was activated: its receiver must first have applied the answer that names the SSRC, and have finished
     * DTLS; a burst sent earlier would be dropped there. Switches of a running subscription replay at once.
     */
    static final long CACHED_START_DELAY_NANOS = 100_000_000L;
    /**
     * A keyframe of the target layer that started arriving less than this long ago is waited for (checked every
     * {@link #ARRIVING_RECHECK_NANOS}) rather than asking the publisher for another one: a receiver switching
     * right after another one would otherwise cause a second keyframe.
     */
    static final long ARRIVING_WAIT_NANOS = 200_000_000L;
    static final long ARRIVING_RECHECK_NANOS = 20_000_000L;

    private final RoomContext context;
    private final Subscription subscription;
    private final Publication publication;
    private final Runnable scheduledTask = this::runScheduled;
    private long notBeforeNanos = Long.MAX_VALUE;
    private boolean pending;
    private long started;

    CachedKeyframeStart(RoomContext context, Subscription subscription, Publication publication) {
        this.context = context;
        this.subscription = subscription;
        this.publication = publication;
    }

    /** The receiver is ready from now: replays wait {@link #CACHED_START_DELAY_NANOS} from here. */
    void activated(long nowNanos) {
        notBeforeNanos = nowNanos + CACHED_START_DELAY_NANOS;
    }

    /**
     * Whether a layer started now reaches a receiver that can decrypt it: {@link #CACHED_START_DELAY_NANOS} after
     * activation (the server's DTLS completes before the receiver's, which needs our last flight first).
     */
    boolean receiverReady(long nowNanos) {
        return notBeforeNanos == Long.MAX_VALUE || nowNanos >= notBeforeNanos;
    }

    /**
     * A live keyframe of the target came before the receiver was ready (it was not forwarded): the start happens
     * when the receiver is, from this keyframe in the cache, or else by asking the publisher.
     */
    void startWhenReady(long nowNanos) {
        if (!pending) {
            schedule(Math.max(0, notBeforeNanos - nowNanos));
        }
    }

    /** Whether a replay (or the wait for an arriving keyframe) is scheduled. */
    boolean pending() {
        return pending;
    }

    /** Times the subscription started a layer from its cached keyframe. */
    long started() {
        return started;
    }

    /**
     * Starts the target layer from its cached keyframe now, or, for a subscription activated less than
     * {@link #CACHED_START_DELAY_NANOS} ago, schedules that for then (asking the publisher instead if the cache
     * cannot serve it by then). False when the cache cannot serve the target: the caller asks.
     */
    boolean soon(long nowNanos) {
        if (pending) {
            return true;
        }
        long wait = notBeforeNanos - nowNanos;
        if (wait <= 0) {
            if (startNow(nowNanos)) {
                return true;
            }
            if (!keyframeArriving(nowNanos)) {
                return false;
            }
            wait = ARRIVING_RECHECK_NANOS;
        } else if (cachedKeyframe(nowNanos, context.keyframeCacheMaxAgeNanos() - wait) == null
                && !keyframeArriving(nowNanos)) {
            return false;
        }
        schedule(wait);
        return true;
    }

    private void schedule(long delayNanos) {
        pending = true;
        context.scheduler().schedule(scheduledTask, delayNanos);
    }

    private void runScheduled() {
        pending = false;
        long now = context.clock().nanos();
        int target = subscription.layers().target();
        if (subscription.closed() || target < 0 || subscription.layers().current() == target || startNow(now)) {
            return;
        }
        if (keyframeArriving(now)) {
            schedule(ARRIVING_RECHECK_NANOS);
            return;
        }
        subscription.layers().askForKeyframe(now);
    }

    /** Whether the cache is collecting a keyframe of the target layer that started arriving just now. */
    private boolean keyframeArriving(long nowNanos) {
        int target = subscription.layers().target();
        if (!context.keyframeCacheOn() || !servable(target)) {
            return false;
        }
        KeyframeCache keyframes = publication.layer(target).keyframeCache();
        return keyframes != null && keyframes.arriving(nowNanos, ARRIVING_WAIT_NANOS);
    }

    /** The target layer's cached keyframe when it is within {@code maxAgeNanos} and may start this receiver now. */
    private KeyframeCache.Frame cachedKeyframe(long nowNanos, long maxAgeNanos) {
        int target = subscription.layers().target();
        if (maxAgeNanos <= 0 || !servable(target)) {
            return null;
        }
        return publication.layer(target).replayableKeyframe(nowNanos, maxAgeNanos, MAX_CATCH_UP_PACKETS);
    }

    private boolean servable(int target) {
        return target >= 0 && target < publication.layerCount() && !publication.muted()
                && subscription.receiverConnected();
    }

    /**
     * Replays the target layer's cached keyframe and its catch-up packets when that is recent enough. False
     * (nothing sent) when the cache is off or stale, or a packet after the keyframe is no longer held.
     */
    private boolean startNow(long nowNanos) {
        KeyframeCache.Frame frame = cachedKeyframe(nowNanos, context.keyframeCacheMaxAgeNanos());
        if (frame == null) {
            return false;
        }
        Layer layer = publication.layer(subscription.layers().target());
        RetransmissionCache recent = layer.retransmissions();
        int catchUp = layer.catchUpPackets(frame);
        SourcePacket source = publication.sideSource();
        if (!source.load(frame.packet(0), publication.isVp8())) {
            return false;
        }
        subscription.startReplay(layer, source, nowNanos);
        subscription.sendReplayed(layer, source, nowNanos);
        for (int i = 1; i < frame.size(); i++) {
            if (source.load(frame.packet(i), publication.isVp8())) {
                subscription.sendReplayed(layer, source, nowNanos);
            }
        }
        for (int i = 1; i <= catchUp; i++) {
            if (source.load(recent.peek(frame.lastSequence() + i), publication.isVp8())) {
                subscription.sendReplayed(layer, source, nowNanos);
            }
        }
        subscription.endReplay();
        started++;
        return true;
    }
}

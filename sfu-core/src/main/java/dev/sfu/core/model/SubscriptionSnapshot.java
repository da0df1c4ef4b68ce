package dev.sfu.core.model;

import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackPreferences;

/**
 * One outgoing stream: the track a participant receives and what was forwarded so far.
 *
 * @param forwarding whether media goes out now (false until the first keyframe, and while paused)
 * @param targetLayer the layer the allocator chose (-1: nothing)
 * @param currentLayer the layer forwarded now (-1: none yet); differs from the target until the target's
 *     next keyframe
 * @param maxTemporalLayer the highest VP8 temporal layer forwarded (-1: all)
 * @param layerSwitches switches between layers so far
 * @param timeToFirstFrameMillis from subscribing to the first keyframe sent, -1 before
 * @param keyframesFromCache times a layer was started from the server's cached keyframe of it (with the frames
 *     after it) instead of waiting for the publisher's next keyframe
 */
public record SubscriptionSnapshot(String trackId, String publisherId, String kind, String mid, long ssrc,
        boolean forwarding, int targetLayer, int currentLayer, int maxTemporalLayer, TrackPreferences preferences,
        long layerSwitches, long timeToFirstFrameMillis, long packets, long bytes, long keyframesFromCache) {}

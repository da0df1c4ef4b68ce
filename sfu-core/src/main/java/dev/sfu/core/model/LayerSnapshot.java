package dev.sfu.core.model;

import dev.sfu.core.model.LayerSnapshot;

/**
 * One encoding of a published video track (a simulcast layer), as received.
 *
 * @param index 0 for the lowest layer
 * @param rid the RID it is signalled with, null for SSRC-signalled or single-encoding tracks
 * @param width width of its last keyframe (H264: of its last sequence parameter set, since its keyframes carry
 *     none), 0 until one arrived
 * @param keyframeRequests PLIs/FIRs the server sent the publisher for this layer
 */
public record LayerSnapshot(int index, String rid, long ssrc, boolean active, long bitrateBps, int width, int height,
        long packets, long bytes, long keyframes, long keyframeRequests) {}

package dev.sfu.core.model;

import dev.sfu.core.model.TrackPreferences;

/**
 * What a receiver asks for one track it receives.
 *
 * @param maxLayer the highest simulcast layer wanted (0 = lowest), or -1 for no cap ("auto")
 * @param maxWidth the width the receiver renders the video at, or 0 when unknown: the server picks the
 *     smallest layer at least this size
 * @param maxHeight the rendered height, or 0
 * @param maxTemporalLayer the highest VP8 temporal layer wanted (lower frame rate), or -1 for all
 * @param paused true to receive nothing (a hidden tile)
 * @param priority higher wins bandwidth first (the track shown large over thumbnails); 0 is normal
 */
public record TrackPreferences(int maxLayer, int maxWidth, int maxHeight, int maxTemporalLayer, boolean paused,
        int priority) {

    public static final TrackPreferences DEFAULT = new TrackPreferences(-1, 0, 0, -1, false, 0);

    public TrackPreferences {
        if (maxLayer < -1 || maxLayer > 2) {
            throw new IllegalArgumentException("maxLayer must be -1..2");
        }
        if (maxWidth < 0 || maxHeight < 0 || maxWidth > 16384 || maxHeight > 16384) {
            throw new IllegalArgumentException("maxWidth/maxHeight must be 0..16384");
        }
        if (maxTemporalLayer < -1 || maxTemporalLayer > 3) {
            throw new IllegalArgumentException("maxTemporalLayer must be -1..3");
        }
        if (priority < 0 || priority > 10) {
            throw new IllegalArgumentException("priority must be 0..10");
        }
    }
}

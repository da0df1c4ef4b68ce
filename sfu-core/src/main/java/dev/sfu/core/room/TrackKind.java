package dev.sfu.core.room;

/** Audio or video; the SDP media type. */
public enum TrackKind {
    AUDIO,
    VIDEO;

    public static TrackKind fromSdp(String media) {
        return "video".equalsIgnoreCase(media) ? VIDEO : AUDIO;
    }

    public String sdpName() {
        return this == VIDEO ? "video" : "audio";
    }
}

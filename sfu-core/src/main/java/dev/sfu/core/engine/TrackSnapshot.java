package dev.sfu.core.engine;

/** A published track as the control plane sees it; {@code muted} when the server stopped forwarding it. */
public record TrackSnapshot(String id, String participantId, String kind, String mid, String codec, long ssrc,
        long packets, long bytes, int subscribers, boolean muted) {

    public TrackSnapshot(String id, String participantId, String kind, String mid, String codec, long ssrc,
            long packets, long bytes, int subscribers) {
        this(id, participantId, kind, mid, codec, ssrc, packets, bytes, subscribers, false);
    }
}

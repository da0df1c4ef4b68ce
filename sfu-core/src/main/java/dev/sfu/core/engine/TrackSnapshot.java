package dev.sfu.core.engine;

/** A published track as the control plane sees it. */
public record TrackSnapshot(String id, String participantId, String kind, String mid, String codec, long ssrc,
        long packets, long bytes, int subscribers) {}

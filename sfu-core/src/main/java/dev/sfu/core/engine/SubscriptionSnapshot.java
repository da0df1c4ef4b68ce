package dev.sfu.core.engine;

/** One outgoing stream: the track a participant receives and what was forwarded so far. */
public record SubscriptionSnapshot(String trackId, String publisherId, String kind, String mid, long ssrc,
        boolean forwarding, long packets, long bytes) {}

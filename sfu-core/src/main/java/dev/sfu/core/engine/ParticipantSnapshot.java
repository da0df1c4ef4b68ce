package dev.sfu.core.engine;

import java.util.List;

/** A participant as the control plane sees it: its published tracks and its subscriptions. */
public record ParticipantSnapshot(String id, String name, String state, String remoteAddress,
        List<TrackSnapshot> tracks, List<SubscriptionSnapshot> subscriptions) {}

package dev.sfu.core.engine;

import java.util.List;

/**
 * A participant as the control plane sees it: its published tracks and its subscriptions, and what the backend
 * said about it (identity, metadata, permissions).
 */
public record ParticipantSnapshot(String id, String name, String state, String remoteAddress,
        List<TrackSnapshot> tracks, List<SubscriptionSnapshot> subscriptions, String identity, String metadata,
        ParticipantPermissions permissions) {

    /** Without backend details: no identity, no metadata, every permission. */
    public ParticipantSnapshot(String id, String name, String state, String remoteAddress, List<TrackSnapshot> tracks,
            List<SubscriptionSnapshot> subscriptions) {
        this(id, name, state, remoteAddress, tracks, subscriptions, "", "", ParticipantPermissions.all());
    }
}

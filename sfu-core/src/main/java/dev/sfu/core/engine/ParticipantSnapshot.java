package dev.sfu.core.engine;

import java.util.List;

/**
 * A participant as the control plane sees it: its published tracks and its subscriptions, what the backend
 * said about it (identity, metadata, permissions), and its downlink as the server sees it.
 *
 * @param bandwidthEstimateBps the receiver's latest downlink estimate (REMB), -1 when it sent none
 * @param congested whether that estimate currently caps the layers it receives
 */
public record ParticipantSnapshot(String id, String name, String state, String remoteAddress,
        List<TrackSnapshot> tracks, List<SubscriptionSnapshot> subscriptions, String identity, String metadata,
        ParticipantPermissions permissions, long bandwidthEstimateBps, boolean congested) {}

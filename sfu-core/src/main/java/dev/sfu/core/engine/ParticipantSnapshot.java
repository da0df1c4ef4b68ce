package dev.sfu.core.engine;

import java.util.List;

/**
 * A participant as the control plane sees it: its published tracks and its subscriptions.
 *
 * @param bandwidthEstimateBps the receiver's latest downlink estimate (REMB), -1 when it sent none
 * @param congested whether that estimate currently caps the layers it receives
 */
public record ParticipantSnapshot(String id, String name, String state, String remoteAddress,
        long bandwidthEstimateBps, boolean congested, List<TrackSnapshot> tracks,
        List<SubscriptionSnapshot> subscriptions) {}

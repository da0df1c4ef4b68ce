package dev.sfu.core.model;

import dev.sfu.core.model.BandwidthEstimateSnapshot;
import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import java.util.List;

/**
 * A participant as the control plane sees it: its published tracks and its subscriptions, what the backend
 * said about it (identity, metadata, permissions), and its downlink as the server sees it.
 *
 * @param bandwidthEstimateBps the downlink estimate the layer allocation uses: the server's send-side estimate
 *     when the receiver sends transport-cc feedback, else its latest REMB, -1 when it sent neither
 * @param congested (REMB receivers) whether their REMB currently caps the layers they receive; a transport-cc
 *     estimate always budgets the layers, so false for them
 * @param bandwidthEstimation the send-side estimator's state toward this receiver
 */
public record ParticipantSnapshot(String id, String name, String state, String remoteAddress,
        List<TrackSnapshot> tracks, List<SubscriptionSnapshot> subscriptions, String identity, String metadata,
        ParticipantPermissions permissions, long bandwidthEstimateBps, boolean congested,
        BandwidthEstimateSnapshot bandwidthEstimation) {}

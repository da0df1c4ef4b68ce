package dev.sfu.core.room;

import dev.sfu.core.model.LayerSnapshot;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The read model of the routing objects (the {@code model} records room control, the API and the announcements to
 * observers carry): built on demand from what the objects expose, on the control plane only, never on the packet
 * path. Kept here so that the routing objects hold state and behaviour, not the shape of a report.
 * Confined to the room's event loop, like the objects it reads.
 */
final class Snapshots {
    private Snapshots() {}

    /** Who it is, its state, what it publishes and receives, and its downlink estimate. */
    static ParticipantSnapshot participant(Participant participant) {
        List<TrackSnapshot> tracks = new ArrayList<>();
        for (Publication publication : participant.publications()) {
            tracks.add(track(publication));
        }
        List<SubscriptionSnapshot> subscriptions = new ArrayList<>();
        for (Subscription subscription : participant.subscriptions()) {
            subscriptions.add(subscription(subscription));
        }
        var transport = participant.transport();
        boolean connected = transport != null && transport.isConnected();
        String state = participant.hasLeft() ? "left" : connected ? "connected"
                : participant.negotiation().negotiated() ? "connecting" : "joined";
        String address = transport == null || transport.remoteAddress() == null ? null
                : transport.remoteAddress().toString();
        long now = participant.context().clock().nanos();
        return new ParticipantSnapshot(participant.id(), participant.name(), state, address, tracks, subscriptions,
                participant.profile().identity(), participant.profile().metadata(), participant.permissions(),
                participant.bandwidthEstimateBps(), participant.rembCapping(now), participant.downlink().snapshot());
    }

    /** One published track and its layers. */
    static TrackSnapshot track(Publication publication) {
        var clock = publication.owner().context().clock();
        long packets = 0;
        long bytes = 0;
        List<LayerSnapshot> layers = new ArrayList<>();
        for (int i = 0; i < publication.layerCount(); i++) {
            Layer layer = publication.layer(i);
            LayerSnapshot view = layer.snapshot(clock);
            packets += layer.packets();
            bytes += view.bytes();
            layers.add(view);
        }
        return new TrackSnapshot(publication.id(), publication.owner().id(), publication.kind().sdpName(),
                publication.mid(), publication.codec(), publication.layer(0).ssrc(), packets, bytes,
                publication.subscriptions().size(), publication.muted(), layers);
    }

    /** One receiver's copy of a track: its layers, switches, first frame and counters. */
    static SubscriptionSnapshot subscription(Subscription subscription) {
        Publication publication = subscription.publication();
        long firstFrame = subscription.layers().timeToFirstFrameNanos();
        return new SubscriptionSnapshot(publication.id(), publication.owner().id(), publication.kind().sdpName(),
                subscription.mid(), subscription.ssrc(), subscription.layers().current() >= 0,
                subscription.layers().target(), subscription.layers().current(), subscription.layers().maxTemporalLayer(),
                subscription.preferences(), subscription.layers().switches(), firstFrame < 0 ? -1 : firstFrame / 1_000_000,
                subscription.reports().packetsSent(), subscription.reports().bytesSent(),
                subscription.keyframesFromCache());
    }
}

package dev.sfu.core.room;

import dev.sfu.core.rtp.RtpExtensionUris;
import dev.sfu.core.sdp.Codec;
import dev.sfu.core.sdp.Extmap;
import dev.sfu.core.sdp.OfferedMedia;
import dev.sfu.core.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a negotiated offer ({@link MediaPlan}s, one per m-line, all accepted) to a participant: creates its
 * publications and binds the SSRCs the offer signals, creates its subscriptions with the receiver's format, and
 * removes what the offer no longer has. Stateless; runs on the room's event loop.
 */
final class NegotiatedTracks {
    private NegotiatedTracks() {}

    /** Makes the participant's publications and subscriptions those of the plans (rejected m-lines skipped). */
    static void apply(Participant participant, Room room, List<MediaPlan> plans) {
        Set<String> publishingMids = new HashSet<>();
        Set<String> subscribedMids = new HashSet<>();
        for (MediaPlan plan : plans) {
            if (plan.answer().rejected() || plan.dataChannels()) {
                continue;
            }
            if (plan.offered().direction().sends()) {
                publishingMids.add(plan.offered().mid());
                applyPublication(participant, room, plan);
            } else if (plan.subscribeTo() != null) {
                subscribedMids.add(plan.offered().mid());
                applySubscription(participant, plan);
            }
        }
        for (Publication publication : new ArrayList<>(participant.publications())) {
            if (!publishingMids.contains(publication.mid())) {
                unpublish(participant, publication);
            }
        }
        for (Subscription subscription : new ArrayList<>(participant.subscriptions())) {
            if (!subscribedMids.contains(subscription.mid())) {
                subscription.publication().removeSubscription(subscription);
                participant.removeSubscription(subscription);
            }
        }
    }

    private static void applyPublication(Participant participant, Room room, MediaPlan plan) {
        OfferedMedia media = plan.offered();
        Publication publication = plan.existingPublication();
        boolean created = false;
        if (publication == null) {
            var codec = plan.answer().codecs().get(0);
            publication = new Publication(participant.context(),
                    "TR_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), participant, media.mid(),
                    TrackKind.fromSdp(media.kind()), codec.name(), codec.clockRate(), layerRids(media));
            participant.addPublication(publication);
            created = true;
        }
        bindSignalledSsrcs(publication, media);
        if (created) {
            room.announcePublished(publication);
        }
    }

    /**
     * The RIDs of a simulcast m-line, lowest layer first as the client listed them in a=simulcast; one null
     * entry per SSRC of an a=ssrc-group:SIM; else a single null (one encoding).
     */
    private static List<String> layerRids(OfferedMedia media) {
        if (media.simulcast() != null && !media.simulcast().sendRids().isEmpty()) {
            return media.simulcast().sendRids().subList(0, Math.min(3, media.simulcast().sendRids().size()));
        }
        for (SsrcGroup group : media.ssrcGroups()) {
            if ("SIM".equalsIgnoreCase(group.semantics()) && group.ssrcs().size() > 1) {
                List<String> none = new ArrayList<>();
                for (int i = 0; i < Math.min(3, group.ssrcs().size()); i++) {
                    none.add(null);
                }
                return none;
            }
        }
        List<String> single = new ArrayList<>();
        single.add(null);
        return single;
    }

    /** Binds the SSRCs an offer lists: a=ssrc-group:SIM for layers, FID groups for their RTX streams. */
    private static void bindSignalledSsrcs(Publication publication, OfferedMedia media) {
        List<Long> layerSsrcs = new ArrayList<>();
        for (SsrcGroup group : media.ssrcGroups()) {
            if ("SIM".equalsIgnoreCase(group.semantics())) {
                layerSsrcs.addAll(group.ssrcs());
            }
        }
        if (layerSsrcs.isEmpty()) {
            for (SsrcGroup group : media.ssrcGroups()) {
                if ("FID".equalsIgnoreCase(group.semantics()) && !group.ssrcs().isEmpty()) {
                    layerSsrcs.add(group.ssrcs().get(0));
                    break;
                }
            }
        }
        if (layerSsrcs.isEmpty() && !media.ssrcs().isEmpty() && publication.layer(0).rid() == null) {
            layerSsrcs.add(media.ssrcs().get(0).ssrc());
        }
        for (int l = 0; l < Math.min(layerSsrcs.size(), publication.layerCount()); l++) {
            Layer layer = publication.layer(l);
            if (layer.rid() != null) {
                continue;
            }
            long media0 = layerSsrcs.get(l);
            layer.bindSsrc(media0);
            for (SsrcGroup group : media.ssrcGroups()) {
                if ("FID".equalsIgnoreCase(group.semantics()) && group.ssrcs().size() >= 2
                        && group.ssrcs().get(0) == media0) {
                    layer.bindRtxSsrc(group.ssrcs().get(1));
                }
            }
        }
    }

    private static void applySubscription(Participant participant, MediaPlan plan) {
        if (plan.existingSubscription() != null) {
            return;
        }
        Subscription old = participant.subscriptionByMid(plan.offered().mid());
        if (old != null) {
            old.publication().removeSubscription(old);
            participant.removeSubscription(old);
        }
        int payloadType = plan.answer().codecs().get(0).payloadType();
        int absSendTimeId = 0;
        int transportCcId = 0;
        for (Extmap extmap : plan.answer().extensions()) {
            if (RtpExtensionUris.ABS_SEND_TIME.equals(extmap.uri())) {
                absSendTimeId = extmap.id();
            } else if (RtpExtensionUris.TRANSPORT_CC.equals(extmap.uri()) && extmap.id() <= 14) {
                transportCcId = extmap.id(); // written in the one-byte form (RFC 8285): ids 1-14
            }
        }
        Subscription subscription = new Subscription(participant.context(), participant, plan.subscribeTo(),
                plan.offered().mid(), new ReceiverFormat(plan.subscriptionSsrc(), payloadType, absSendTimeId,
                        transportCcId));
        Codec rtx = MediaPlan.rtxCodec(plan.answer());
        if (plan.rtxSsrc() >= 0 && rtx != null) {
            subscription.enableRtx(plan.rtxSsrc(), rtx.payloadType());
        }
        if (transportCcId > 0) {
            participant.downlink().negotiated();
        }
        participant.addSubscription(subscription);
        plan.subscribeTo().addSubscription(subscription);
        if (participant.transport().isConnected()) {
            subscription.activate();
        }
    }

    /** Removes a publication and every subscription to it; the room hears it was unpublished. */
    static void unpublish(Participant owner, Publication publication) {
        for (Subscription subscription : new ArrayList<>(publication.subscriptions())) {
            subscription.receiver().removeSubscription(subscription);
        }
        publication.subscriptions().clear();
        owner.removePublication(publication);
        // Every path that removes a publication (re-offer without it, leave, drop, kick, room deleted, shutdown)
        // comes here: its layers' caches release their packets.
        publication.close();
        owner.room().announceUnpublished(publication);
    }
}

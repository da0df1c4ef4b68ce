package dev.sfu.core.room;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.engine.SfuException;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.rtp.RtpExtensionUris;
import dev.sfu.core.sdp.AnswerBuilder;
import dev.sfu.core.sdp.AnsweredMedia;
import dev.sfu.core.sdp.Extmap;
import dev.sfu.core.sdp.MediaNegotiator;
import dev.sfu.core.sdp.Offer;
import dev.sfu.core.sdp.OfferedMedia;
import dev.sfu.core.sdp.OutgoingSsrc;
import dev.sfu.core.sdp.SdpException;
import dev.sfu.core.sdp.SsrcDescription;
import dev.sfu.core.sdp.SsrcGroup;
import dev.sfu.core.sdp.TransportParameters;
import dev.sfu.core.transport.DropCounters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's offer into the answer and the room state it implies: sendonly m-lines become
 * publications, recvonly m-lines named in {@code subscriptions} become subscriptions to publications of the
 * same room, everything else is rejected. The answer is planned in full before any state changes, so an
 * offer that cannot be accepted leaves the participant as it was.
 */
final class SessionNegotiator {
    private static final Logger log = LoggerFactory.getLogger(SessionNegotiator.class);

    private final DtlsCertificate certificate;
    private final String announcedAddress;
    private final int port;
    private final DropCounters drops;
    private final MediaNegotiator.Policy policy = MediaNegotiator.Policy.defaults();

    SessionNegotiator(DtlsCertificate certificate, String announcedAddress, int port, DropCounters drops) {
        this.certificate = certificate;
        this.announcedAddress = announcedAddress;
        this.port = port;
        this.drops = drops;
    }

    /** One m-line's fate: the answer section, and what it publishes or subscribes to. */
    private record Plan(OfferedMedia offered, AnsweredMedia answer, Publication existingPublication,
            Publication subscribeTo, Subscription existingSubscription, long subscriptionSsrc) {}

    String negotiate(Participant participant, Offer offer, Map<String, String> subscriptions) {
        Room room = participant.room();
        List<Plan> plans = new ArrayList<>();
        for (OfferedMedia media : offer.media()) {
            plans.add(plan(participant, room, media, subscriptions));
        }
        TransportParameters remote = offer.transport();
        participant.transport().configureRemote(new IceCredentials(remote.iceUfrag(), remote.icePwd()),
                remote.fingerprintAlgorithm(), remote.fingerprint());
        IceCredentials local = participant.transport().localIceCredentials();
        AnswerBuilder answer = new AnswerBuilder(participant.sessionId(), new TransportParameters(local.ufrag(),
                local.password(), certificate.fingerprintAlgorithm(), certificate.fingerprint(), "passive"),
                announcedAddress, port);
        Set<String> publishingMids = new HashSet<>();
        Set<String> subscribedMids = new HashSet<>();
        for (Plan plan : plans) {
            answer.add(plan.answer());
            if (plan.answer().rejected()) {
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
        participant.markNegotiated(midExtensionId(offer));
        return answer.build();
    }

    private Plan plan(Participant participant, Room room, OfferedMedia media, Map<String, String> subscriptions) {
        boolean rtp = "audio".equals(media.kind()) || "video".equals(media.kind());
        if (media.rejected() || !rtp) {
            return rejected(media);
        }
        try {
            if (media.direction().sends()) {
                AnsweredMedia answer = MediaNegotiator.answerReceiving(media, policy);
                return new Plan(media, answer, participant.publicationByMid(media.mid()), null, null, 0);
            }
            String trackId = media.direction().receives() ? subscriptions.get(media.mid()) : null;
            Publication target = trackId == null ? null : room.publication(trackId);
            if (target == null || target.owner() == participant || !target.kind().sdpName().equals(media.kind())) {
                // An idle transceiver, or a track that is gone or not this room's: keep the m-line, send nothing.
                return idle(media);
            }
            Subscription existing = participant.subscriptionByMid(media.mid());
            if (existing != null && existing.publication() != target) {
                existing = null;
            }
            long ssrc = existing != null ? existing.ssrc() : ThreadLocalRandom.current().nextLong(1, 1L << 32);
            AnsweredMedia answer = MediaNegotiator.answerSending(media, policy, target.codec(),
                    List.of(new OutgoingSsrc(ssrc, participant.cname(), "media")), target.owner().id(), target.id());
            return new Plan(media, answer, null, target, existing, ssrc);
        } catch (SdpException e) {
            if (media.direction().sends()) {
                throw SfuException.invalidSdp(e.getMessage(), e);
            }
            // A receiver that cannot take this track's codec just does not get it; the rest goes on.
            log.info("participant {}: m-line {} left idle: {}", participant.id(), media.mid(), e.getMessage());
            try {
                return idle(media);
            } catch (SdpException unusable) {
                return rejected(media);
            }
        }
    }

    private Plan idle(OfferedMedia media) throws SdpException {
        return new Plan(media, MediaNegotiator.idle(media, policy), null, null, null, 0);
    }

    private static Plan rejected(OfferedMedia media) {
        return new Plan(media, MediaNegotiator.reject(media), null, null, null, 0);
    }

    private void applyPublication(Participant participant, Room room, Plan plan) {
        OfferedMedia media = plan.offered();
        Publication publication = plan.existingPublication();
        boolean created = false;
        if (publication == null) {
            var codec = plan.answer().codecs().get(0);
            publication = new Publication("TR_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                    participant, media.mid(), TrackKind.fromSdp(media.kind()), codec.name(), codec.clockRate());
            Publication finalPublication = publication;
            publication.attachKeyframeRequester(new KeyframeRequester(room.registry().clock(),
                    room.registry().eventLoop(),
                    () -> participant.sendPictureLossIndication(finalPublication.ssrc())));
            participant.addPublication(publication);
            created = true;
        }
        long[] ssrcs = signalledSsrcs(media);
        if (ssrcs[0] >= 0) {
            publication.bindSsrc(ssrcs[0], ssrcs[1]);
        }
        if (created) {
            room.announcePublished(publication);
        }
    }

    private void applySubscription(Participant participant, Plan plan) {
        if (plan.existingSubscription() != null) {
            return;
        }
        Subscription old = participant.subscriptionByMid(plan.offered().mid());
        if (old != null) {
            old.publication().removeSubscription(old);
            participant.removeSubscription(old);
        }
        int payloadType = plan.answer().codecs().get(0).payloadType();
        Subscription subscription = new Subscription(participant, plan.subscribeTo(), plan.offered().mid(),
                plan.subscriptionSsrc(), payloadType, drops);
        participant.addSubscription(subscription);
        plan.subscribeTo().addSubscription(subscription);
        if (participant.transport().isConnected()) {
            subscription.activate();
        }
    }

    /** Removes a publication and every subscription to it; the room hears it was unpublished. */
    void unpublish(Participant owner, Publication publication) {
        for (Subscription subscription : new ArrayList<>(publication.subscriptions())) {
            subscription.receiver().removeSubscription(subscription);
        }
        publication.subscriptions().clear();
        owner.removePublication(publication);
        owner.room().announceUnpublished(publication);
    }

    /** The media and RTX SSRCs an offer signals with a=ssrc / a=ssrc-group:FID, or -1 when it has none. */
    private static long[] signalledSsrcs(OfferedMedia media) {
        for (SsrcGroup group : media.ssrcGroups()) {
            if ("FID".equalsIgnoreCase(group.semantics()) && group.ssrcs().size() >= 2) {
                return new long[] {group.ssrcs().get(0), group.ssrcs().get(1)};
            }
        }
        List<SsrcDescription> ssrcs = media.ssrcs();
        return ssrcs.isEmpty() ? new long[] {-1, -1} : new long[] {ssrcs.get(0).ssrc(), -1};
    }

    private static int midExtensionId(Offer offer) {
        for (OfferedMedia media : offer.media()) {
            for (Extmap extmap : media.extensions()) {
                if (RtpExtensionUris.SDES_MID.equals(extmap.uri())) {
                    return extmap.id();
                }
            }
        }
        return -1;
    }
}

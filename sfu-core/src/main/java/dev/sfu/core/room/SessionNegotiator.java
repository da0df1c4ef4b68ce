package dev.sfu.core.room;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.log.MediaLog;
import dev.sfu.core.model.SfuException;
import dev.sfu.core.model.UnsupportedTrack;
import dev.sfu.core.rtp.RtpExtensionUris;
import dev.sfu.core.sdp.AnswerBuilder;
import dev.sfu.core.sdp.AnsweredMedia;
import dev.sfu.core.sdp.Codec;
import dev.sfu.core.sdp.Extmap;
import dev.sfu.core.sdp.MediaNegotiator;
import dev.sfu.core.sdp.Offer;
import dev.sfu.core.sdp.OfferedMedia;
import dev.sfu.core.sdp.OutgoingSsrc;
import dev.sfu.core.sdp.SdpException;
import dev.sfu.core.sdp.SsrcGroup;
import dev.sfu.core.sdp.TransportParameters;
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
    private static final int START_BITRATE_KBPS = 2000;
    private final MediaNegotiator.Policy policy = MediaNegotiator.Policy.defaults();

    SessionNegotiator(DtlsCertificate certificate, String announcedAddress, int port) {
        this.certificate = certificate;
        this.announcedAddress = announcedAddress;
        this.port = port;
    }

    /**
     * One m-line's fate: the answer section, and what it publishes or subscribes to; {@code unsupported} when it
     * named a track whose codec the receiver did not offer.
     */
    private record Plan(OfferedMedia offered, AnsweredMedia answer, Publication existingPublication,
            Publication subscribeTo, Subscription existingSubscription, long subscriptionSsrc, long rtxSsrc,
            UnsupportedTrack unsupported) {
        Plan(OfferedMedia offered, AnsweredMedia answer, Publication existingPublication, Publication subscribeTo,
                Subscription existingSubscription, long subscriptionSsrc, long rtxSsrc) {
            this(offered, answer, existingPublication, subscribeTo, existingSubscription, subscriptionSsrc, rtxSsrc,
                    null);
        }
    }

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
        participant.markNegotiated(extensionId(offer, RtpExtensionUris.SDES_MID),
                extensionId(offer, RtpExtensionUris.RTP_STREAM_ID),
                extensionId(offer, RtpExtensionUris.REPAIRED_RTP_STREAM_ID),
                publishes(plans) ? extensionId(offer, RtpExtensionUris.TRANSPORT_CC) : -1);
        participant.allocateLayers();
        for (Plan plan : plans) {
            if (plan.unsupported() != null) {
                participant.observer().trackUnsupported(plan.unsupported());
            }
        }
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
                if ("video".equals(media.kind())) {
                    answer = withStartBitrate(answer, START_BITRATE_KBPS);
                }
                return new Plan(media, answer, participant.publicationByMid(media.mid()), null, null, 0, -1);
            }
            String trackId = media.direction().receives() ? subscriptions.get(media.mid()) : null;
            Publication target = trackId == null ? null : room.publication(trackId);
            if (target == null || target.owner() == participant || !target.kind().sdpName().equals(media.kind())) {
                // An idle transceiver, or a track that is gone or not this room's: keep the m-line, send nothing.
                return idle(media);
            }
            if (!MediaNegotiator.canReceive(media, target.codec())) {
                // The receiver cannot decode this track (e.g. no H264 in its browser): keep the m-line, send
                // nothing, and say why, so its client can show it rather than an empty tile.
                return unsupported(participant, media, target);
            }
            Subscription existing = participant.subscriptionByMid(media.mid());
            if (existing != null && existing.publication() != target) {
                existing = null;
            }
            long ssrc = existing != null ? existing.ssrc() : ThreadLocalRandom.current().nextLong(1, 1L << 32);
            OutgoingSsrc mediaSsrc = new OutgoingSsrc(ssrc, participant.cname(), OutgoingSsrc.MEDIA);
            AnsweredMedia answer = MediaNegotiator.answerSending(media, policy, target.codec(), List.of(mediaSsrc),
                    target.owner().id(), target.id());
            long rtxSsrc = -1;
            if (target.kind() == TrackKind.VIDEO && rtxCodec(answer) != null) {
                // The receiver takes RTX for this codec: NACKed packets go to it on an RTX SSRC of its own.
                rtxSsrc = existing != null && existing.rtxSsrc() >= 0 ? existing.rtxSsrc()
                        : ThreadLocalRandom.current().nextLong(1, 1L << 32);
                answer = MediaNegotiator.answerSending(media, policy, target.codec(),
                        List.of(mediaSsrc, new OutgoingSsrc(rtxSsrc, participant.cname(), OutgoingSsrc.RTX)),
                        target.owner().id(), target.id());
            }
            return new Plan(media, answer, null, target, existing, ssrc, rtxSsrc);
        } catch (SdpException e) {
            if (media.direction().sends()) {
                throw SfuException.invalidSdp(e.getMessage(), e);
            }
            // A receiver that cannot take this track's codec just does not get it; the rest goes on.
            MediaLog.info(log, participant.room().name(), participant.id(), "m-line {} left idle: {}", media.mid(),
                    e.getMessage());
            try {
                return idle(media);
            } catch (SdpException unusable) {
                return rejected(media);
            }
        }
    }

    private Plan idle(OfferedMedia media) throws SdpException {
        return new Plan(media, MediaNegotiator.idle(media, policy), null, null, null, 0, -1);
    }

    private Plan unsupported(Participant participant, OfferedMedia media, Publication target) throws SdpException {
        List<String> offered = MediaNegotiator.offeredCodecs(media);
        MediaLog.info(log, participant.room().name(), participant.id(),
                "m-line {} left idle: it cannot receive track {} ({}); offered {}", media.mid(), target.id(),
                target.codec(), String.valueOf(offered));
        return new Plan(media, MediaNegotiator.idle(media, policy), null, null, null, 0, -1,
                new UnsupportedTrack(target.id(), target.owner().id(), target.kind().sdpName(), media.mid(),
                        target.codec(), offered));
    }

    /**
     * Chromium starts a send-side estimate at 300 kbps and, with no transport-cc from us yet, climbs from
     * there slowly; its x-google-start-bitrate parameter lets a simulcast publisher send all three layers
     * (about 2.2 Mbps) from the start.
     */
    private static AnsweredMedia withStartBitrate(AnsweredMedia answer, int kbps) {
        List<Codec> codecs = new ArrayList<>();
        for (Codec codec : answer.codecs()) {
            if (codec.is("rtx")) {
                codecs.add(codec);
            } else {
                String parameter = "x-google-start-bitrate=" + kbps;
                String fmtp = codec.fmtp() == null || codec.fmtp().isBlank() ? parameter : codec.fmtp() + ";" + parameter;
                codecs.add(new Codec(codec.payloadType(), codec.name(), codec.clockRate(), codec.channels(), fmtp,
                        codec.rtcpFeedback()));
            }
        }
        return new AnsweredMedia(answer.mid(), answer.kind(), answer.rejected(), answer.protocol(), answer.formats(),
                answer.direction(), codecs, answer.extensions(), answer.rids(), answer.simulcast(), answer.ssrcs(),
                answer.msidStream(), answer.msidTrack());
    }

    private static Plan rejected(OfferedMedia media) {
        return new Plan(media, MediaNegotiator.reject(media), null, null, null, 0, -1);
    }

    private void applyPublication(Participant participant, Room room, Plan plan) {
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
        Codec rtx = rtxCodec(plan.answer());
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

    /** The RTX codec an answer pairs with its media codec (the first), or null. */
    private static Codec rtxCodec(AnsweredMedia answer) {
        for (Codec codec : answer.codecs()) {
            if (codec.is("rtx") && !answer.codecs().isEmpty()
                    && Integer.valueOf(answer.codecs().get(0).payloadType()).equals(codec.apt())) {
                return codec;
            }
        }
        return null;
    }

    /** Removes a publication and every subscription to it; the room hears it was unpublished. */
    void unpublish(Participant owner, Publication publication) {
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

    private static boolean publishes(List<Plan> plans) {
        for (Plan plan : plans) {
            if (!plan.answer().rejected() && plan.offered().direction().sends()) {
                return true;
            }
        }
        return false;
    }

    /** The id an offer gives a header extension (Chromium uses one id per URI across a BUNDLE), or -1. */
    private static int extensionId(Offer offer, String uri) {
        for (OfferedMedia media : offer.media()) {
            for (Extmap extmap : media.extensions()) {
                if (uri.equals(extmap.uri())) {
                    return extmap.id();
                }
            }
        }
        return -1;
    }
}

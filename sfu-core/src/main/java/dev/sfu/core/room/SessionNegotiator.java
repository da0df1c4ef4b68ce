package dev.sfu.core.room;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.log.MediaLog;
import dev.sfu.core.model.DataLimits;
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
import dev.sfu.core.sdp.TransportParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's offer into the answer and the room state it implies: sendonly m-lines become
 * publications, recvonly m-lines named in {@code subscriptions} become subscriptions to publications of the
 * same room, everything else is rejected. The answer is planned in full ({@link MediaPlan}, one per m-line) before
 * any state changes, so an offer that cannot be accepted leaves the participant as it was; then
 * {@link NegotiatedTracks} applies the plans to the participant's publications and subscriptions.
 */
final class SessionNegotiator {
    private static final Logger log = LoggerFactory.getLogger(SessionNegotiator.class);

    private final DtlsCertificate certificate;
    private final String announcedAddress;
    private final int port;
    private static final int START_BITRATE_KBPS = 2000;
    private final DataLimits dataLimits;
    private final MediaNegotiator.Policy policy = MediaNegotiator.Policy.defaults();

    SessionNegotiator(DtlsCertificate certificate, String announcedAddress, int port, DataLimits dataLimits) {
        this.certificate = certificate;
        this.dataLimits = dataLimits;
        this.announcedAddress = announcedAddress;
        this.port = port;
    }

    String negotiate(Participant participant, Offer offer, Map<String, String> subscriptions) {
        Room room = participant.room();
        List<MediaPlan> plans = new ArrayList<>();
        boolean dataPlanned = false;
        for (OfferedMedia media : offer.media()) {
            if ("application".equals(media.kind()) && !media.rejected() && !dataPlanned) {
                // Data channels: one SCTP association per participant, so only the first m=application counts.
                plans.add(dataPlan(media));
                dataPlanned = true;
            } else {
                plans.add(plan(participant, room, media, subscriptions));
            }
        }
        TransportParameters remote = offer.transport();
        participant.transport().configureRemote(new IceCredentials(remote.iceUfrag(), remote.icePwd()),
                remote.fingerprintAlgorithm(), remote.fingerprint());
        IceCredentials local = participant.transport().localIceCredentials();
        AnswerBuilder answer = new AnswerBuilder(participant.negotiation().sessionId(), new TransportParameters(local.ufrag(),
                local.password(), certificate.fingerprintAlgorithm(), certificate.fingerprint(), "passive"),
                announcedAddress, port);
        for (MediaPlan plan : plans) {
            answer.add(plan.answer());
        }
        NegotiatedTracks.apply(participant, room, plans);
        for (MediaPlan plan : plans) {
            if (plan.dataChannels()) {
                participant.enableData(dataLimits, plan.offered().maxMessageSize());
            }
        }
        participant.markNegotiated(extensionId(offer, RtpExtensionUris.SDES_MID),
                extensionId(offer, RtpExtensionUris.RTP_STREAM_ID),
                extensionId(offer, RtpExtensionUris.REPAIRED_RTP_STREAM_ID),
                publishes(plans) ? extensionId(offer, RtpExtensionUris.TRANSPORT_CC) : -1);
        participant.allocateLayers();
        for (MediaPlan plan : plans) {
            if (plan.unsupported() != null) {
                participant.observer().trackUnsupported(plan.unsupported());
            }
        }
        return answer.build();
    }

    private MediaPlan plan(Participant participant, Room room, OfferedMedia media,
            Map<String, String> subscriptions) {
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
                return new MediaPlan(media, answer, participant.publicationByMid(media.mid()), null, null, 0, -1);
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
            OutgoingSsrc mediaSsrc = new OutgoingSsrc(ssrc, participant.negotiation().cname(), OutgoingSsrc.MEDIA);
            AnsweredMedia answer = MediaNegotiator.answerSending(media, policy, target.codec(), List.of(mediaSsrc),
                    target.owner().id(), target.id());
            long rtxSsrc = -1;
            if (target.kind() == TrackKind.VIDEO && MediaPlan.rtxCodec(answer) != null) {
                // The receiver takes RTX for this codec: NACKed packets go to it on an RTX SSRC of its own.
                rtxSsrc = existing != null && existing.rtxSsrc() >= 0 ? existing.rtxSsrc()
                        : ThreadLocalRandom.current().nextLong(1, 1L << 32);
                answer = MediaNegotiator.answerSending(media, policy, target.codec(),
                        List.of(mediaSsrc, new OutgoingSsrc(rtxSsrc, participant.negotiation().cname(), OutgoingSsrc.RTX)),
                        target.owner().id(), target.id());
            }
            return new MediaPlan(media, answer, null, target, existing, ssrc, rtxSsrc);
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

    private MediaPlan dataPlan(OfferedMedia media) {
        try {
            return new MediaPlan(media, MediaNegotiator.answerApplication(media, dataLimits.maxMessageSize()), null,
                    null, null, 0, -1);
        } catch (SdpException e) {
            throw SfuException.invalidSdp(e.getMessage(), e);
        }
    }

    private MediaPlan idle(OfferedMedia media) throws SdpException {
        return new MediaPlan(media, MediaNegotiator.idle(media, policy), null, null, null, 0, -1);
    }

    private MediaPlan unsupported(Participant participant, OfferedMedia media, Publication target)
            throws SdpException {
        List<String> offered = MediaNegotiator.offeredCodecs(media);
        MediaLog.info(log, participant.room().name(), participant.id(),
                "m-line {} left idle: it cannot receive track {} ({}); offered {}", media.mid(), target.id(),
                target.codec(), String.valueOf(offered));
        return new MediaPlan(media, MediaNegotiator.idle(media, policy), null, null, null, 0, -1,
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

    private static MediaPlan rejected(OfferedMedia media) {
        return new MediaPlan(media, MediaNegotiator.reject(media), null, null, null, 0, -1);
    }

    private static boolean publishes(List<MediaPlan> plans) {
        for (MediaPlan plan : plans) {
            if (!plan.answer().rejected() && !plan.dataChannels() && plan.offered().direction().sends()) {
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

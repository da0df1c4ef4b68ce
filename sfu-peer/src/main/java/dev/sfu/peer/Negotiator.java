package dev.sfu.peer;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.sdp.SdpException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peer's side of offer and answer, as a browser's RTCPeerConnection keeps it: the m-lines (its own sendonly
 * tracks first, then one recvonly m-line per remote track it receives), the offers written from them, and what
 * the SFU's latest answer said about each receiving mid (its SSRC, and the RTX SSRC that repairs it).
 *
 * <p>Threading: confined to the peer's event loop.
 */
final class Negotiator {
    private final DtlsCertificate certificate;
    private final String cname = "java-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final String streamId = UUID.randomUUID().toString();
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final List<MediaLine> lines = new ArrayList<>();
    private long dataMaxMessageSize = -1;
    private final LocalTrack audioTrack;
    private final LocalTrack videoTrack;
    /** RTX SSRC the SFU announced -> {media SSRC, media payload type} it repairs. */
    private final Map<Long, long[]> mediaByRtxSsrc = new HashMap<>();
    private final Map<Long, String> midBySsrc = new LinkedHashMap<>();
    private final Map<String, Long> ssrcByMid = new LinkedHashMap<>();
    private int offerVersion = 1;
    private int nextMid;
    private boolean receiveRtx = true;
    /** Offers handed out whose answers are not applied yet: media may race ahead of the answer. */
    private int offersInFlight;

    Negotiator(PeerConfig config, DtlsCertificate certificate) {
        this.certificate = certificate;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        audioTrack = config.publishAudio() ? new LocalTrack(newMid(), "audio", random.nextLong(1, 1L << 32), -1,
                LocalTrack.OPUS_PT, streamId, UUID.randomUUID().toString()) : null;
        videoTrack = config.publishVideo() ? videoTrack(config, random) : null;
        if (audioTrack != null) {
            lines.add(audioTrack);
        }
        if (videoTrack != null) {
            lines.add(videoTrack);
        }
    }

    private LocalTrack videoTrack(PeerConfig config, ThreadLocalRandom random) {
        String trackId = UUID.randomUUID().toString();
        if (config.simulcastLayers() > 0) {
            List<SendEncoding> encodings = SendEncoding.simulcast(config.simulcastLayers());
            return new LocalTrack(newMid(), "video", encodings.get(0).ssrc(), -1, LocalTrack.VP8_PT, streamId, trackId,
                    encodings);
        }
        return new LocalTrack(newMid(), "video", random.nextLong(1, 1L << 32), random.nextLong(1, 1L << 32),
                LocalTrack.VP8_PT, streamId, trackId);
    }

    private String newMid() {
        return String.valueOf(nextMid++);
    }

    /** The published audio track, or null. */
    LocalTrack audioTrack() {
        return audioTrack;
    }

    /** The published video track, or null. */
    LocalTrack videoTrack() {
        return videoTrack;
    }

    /** The SSRC our RTCP goes out with: that of the first published track (1 for a peer that only receives). */
    long rtcpSsrc() {
        return audioTrack != null ? audioTrack.ssrc() : videoTrack != null ? videoTrack.ssrc() : 1;
    }

    String cname() {
        return cname;
    }

    /** A full offer for the current m-lines, and the subscriptions of its recvonly m-lines. */
    LocalOffer createOffer(IceCredentials localIce, boolean transportCc) {
        OfferWriter.Session session = new OfferWriter.Session(sessionId, offerVersion++, localIce,
                certificate.fingerprintAlgorithm(), certificate.fingerprint(), cname, streamId, receiveRtx,
                transportCc);
        Map<String, String> subscriptions = new LinkedHashMap<>();
        for (MediaLine line : lines) {
            if (line instanceof ReceiveSlot slot && !slot.stopped()) {
                subscriptions.put(slot.mid(), slot.trackId());
            }
        }
        offersInFlight++;
        return new LocalOffer(OfferWriter.write(session, lines), subscriptions);
    }

    /** The SFU's a=max-message-size from its last answer, or -1 when it accepted no m=application. */
    long dataMaxMessageSize() {
        return dataMaxMessageSize;
    }

    /** Parses the SFU's answer and learns the SSRCs it sends on each receiving mid; returns it for the transport. */
    RemoteAnswer applyAnswer(String sdp) {
        RemoteAnswer answer;
        try {
            answer = RemoteAnswer.parse(sdp);
        } catch (SdpException e) {
            throw new IllegalArgumentException("bad answer: " + e.getMessage(), e);
        }
        offersInFlight = Math.max(0, offersInFlight - 1);
        dataMaxMessageSize = answer.dataMaxMessageSize();
        ssrcByMid.clear();
        midBySsrc.clear();
        mediaByRtxSsrc.clear();
        for (RemoteAnswer.Section section : answer.sections().values()) {
            if (!section.rejected() && section.ssrc() >= 0 && "sendonly".equals(section.direction())) {
                ssrcByMid.put(section.mid(), section.ssrc());
                midBySsrc.put(section.ssrc(), section.mid());
                if (section.rtxSsrc() >= 0) {
                    mediaByRtxSsrc.put(section.rtxSsrc(), new long[] {section.ssrc(), section.payloadType()});
                }
            }
        }
        return answer;
    }

    /** Adds the m=application line (data channels) to the next offers; once. Returns its mid. */
    String enableData() {
        for (MediaLine line : lines) {
            if (line instanceof DataLine data) {
                return data.mid();
            }
        }
        DataLine data = new DataLine(newMid(), DataLine.DEFAULT_MAX_MESSAGE_SIZE);
        lines.add(data);
        return data.mid();
    }

    /** Whether the offers have an m=application line. */
    boolean dataEnabled() {
        for (MediaLine line : lines) {
            if (line instanceof DataLine) {
                return true;
            }
        }
        return false;
    }

    /** Adds a recvonly m-line for a remote track (put in the next offer); returns its mid. */
    String addReceiver(String kind, String trackId) {
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("kind must be audio or video: " + kind);
        }
        ReceiveSlot slot = new ReceiveSlot(newMid(), kind, trackId, false);
        lines.add(slot);
        return slot.mid();
    }

    /** Stops the recvonly m-line of a remote track (port 0 in the next offer). */
    void removeReceiver(String trackId) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) instanceof ReceiveSlot slot && !slot.stopped() && slot.trackId().equals(trackId)) {
                lines.set(i, slot.stop());
            }
        }
    }

    /** Whether the next offers accept RTX on receiving video m-lines. */
    void receiveRtx(boolean value) {
        receiveRtx = value;
    }

    /** The RTX SSRC the answer paired with the media SSRC of a receiving mid, or -1. */
    long answeredRtxSsrc(String mid) {
        Long media = ssrcByMid.get(mid);
        for (Map.Entry<Long, long[]> e : mediaByRtxSsrc.entrySet()) {
            if (media != null && e.getValue()[0] == media) {
                return e.getKey();
            }
        }
        return -1L;
    }

    /** {media SSRC, media payload type} that RTX SSRC {@code ssrc} repairs, or null (not an RTX SSRC). */
    long[] repairedBy(long ssrc) {
        return mediaByRtxSsrc.isEmpty() ? null : mediaByRtxSsrc.get(ssrc);
    }

    /** The receiving mid the answer gave this SSRC, or null. */
    String midOf(long ssrc) {
        return midBySsrc.get(ssrc);
    }

    /** Receiving mid -> the SSRC the SFU sends on it (live view). */
    Map<String, Long> ssrcByMid() {
        return ssrcByMid;
    }

    /** Whether an offer is out whose answer is not applied yet. */
    boolean offerInFlight() {
        return offersInFlight > 0;
    }
}

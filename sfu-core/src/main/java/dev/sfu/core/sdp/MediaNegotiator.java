package dev.sfu.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Answer policy for single m-lines, as pure functions: which codec, which RTCP feedback and which header
 * extensions the SFU accepts. Stateless and thread-safe.
 *
 * <pre>
 *   client sendonly/sendrecv --answerReceiving--> SFU recvonly  (publisher's codec chosen by policy)
 *   client recvonly          --answerSending----> SFU sendonly  (must use the publisher's codec)
 *   client recvonly without the publisher's codec (canReceive false) --idle--> a=inactive, port kept
 *   m=application (data channels)            --answerApplication--> same port, a=sctp-port:5000,
 *                                                                  a=max-message-size
 *   port 0 / unwanted                         --reject----> port 0, a=inactive
 * </pre>
 */
public final class MediaNegotiator {
    private MediaNegotiator() {
    }

    /**
     * What the SFU accepts. Codec names in preference order (compared case-insensitively); rtcp-fb values
     * as written after the payload type ("nack pli"); extension URIs the SFU reads on receive / writes on send.
     */
    public record Policy(List<String> audioCodecs, List<String> videoCodecs, Set<String> rtcpFeedback,
                         Set<String> receiveExtensions, Set<String> sendExtensions) {
        public Policy {
            audioCodecs = List.copyOf(audioCodecs);
            videoCodecs = List.copyOf(videoCodecs);
            rtcpFeedback = Set.copyOf(rtcpFeedback);
            receiveExtensions = Set.copyOf(receiveExtensions);
            sendExtensions = Set.copyOf(sendExtensions);
        }

        public static Policy defaults() {
            return new Policy(List.of("opus"), List.of("VP8", "H264"),
                    // transport-cc: we send feedback to publishers and read receivers' feedback; goog-remb
                    // stays for clients without it.
                    Set.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"),
                    Set.of(Extmap.SDES_MID, Extmap.RTP_STREAM_ID, Extmap.REPAIRED_RTP_STREAM_ID,
                            Extmap.AUDIO_LEVEL, Extmap.ABS_SEND_TIME, Extmap.TRANSPORT_CC),
                    // What the server writes on forwarded packets: a transport-wide sequence number for its
                    // send-side estimate, or (receivers without it) its send time, for the receiver's REMB.
                    Set.of(Extmap.ABS_SEND_TIME, Extmap.TRANSPORT_CC));
        }

        List<String> codecsFor(String kind) {
            return kind.equals("audio") ? audioCodecs : kind.equals("video") ? videoCodecs : List.of();
        }
    }

    /**
     * Answers an m-line the client sends on (sendonly or sendrecv): the first policy codec the offer has
     * (H264 only with packetization-mode=1, profile-level-id 42e01f preferred), with its offered payload
     * type and fmtp, plus the RTX codec whose apt points at it; rtcp-fb intersected with the policy;
     * offered extmaps whose URI is in {@code receiveExtensions} (same ids); direction RECVONLY; rids and
     * simulcast reversed (send becomes recv).
     */
    public static AnsweredMedia answerReceiving(OfferedMedia offered, Policy policy) throws SdpException {
        checkRtp(offered);
        if (!offered.direction().sends()) {
            throw new SdpException(offered.label() + ": the client does not send on this m-line (a="
                    + offered.direction().sdpName() + "), so the SFU cannot receive on it");
        }
        Codec chosen = null;
        for (String name : policy.codecsFor(offered.kind())) {
            chosen = find(offered, name);
            if (chosen != null) {
                break;
            }
        }
        if (chosen == null) {
            throw new SdpException(offered.label() + ": no common " + offered.kind() + " codec; offered "
                    + offeredNames(offered) + ", supported " + String.join(", ", policy.codecsFor(offered.kind())));
        }
        List<Extmap> extensions = new ArrayList<>();
        for (Extmap e : offered.extensions()) {
            if (policy.receiveExtensions().contains(e.uri())) {
                extensions.add(new Extmap(e.id(), e.uri(), e.direction().reverse()));
            }
        }
        List<Rid> rids = new ArrayList<>();
        for (Rid r : offered.rids()) {
            rids.add(r.reverse());
        }
        Simulcast simulcast = offered.simulcast() == null ? null : offered.simulcast().reverse();
        List<Codec> codecs = withRtx(offered, chosen, policy);
        return new AnsweredMedia(offered.mid(), offered.kind(), false, offered.protocol(), payloadTypes(codecs),
                Direction.RECVONLY, codecs, extensions, rids, simulcast, List.of(), null, null);
    }

    /**
     * Answers an m-line the client receives on (recvonly or sendrecv) with one outgoing track: the
     * publisher's codec {@code codecName} as the receiver offered it (payload type and fmtp kept) plus its
     * RTX when offered; rtcp-fb intersected with the policy; extmaps filtered by {@code sendExtensions};
     * direction SENDONLY; the given SSRCs and msid. If the receiver did not offer RTX, the caller should
     * not pass "rtx" SSRCs.
     *
     * @throws SdpException when the receiver did not offer {@code codecName}
     */
    public static AnsweredMedia answerSending(OfferedMedia offered, Policy policy, String codecName,
                                              List<OutgoingSsrc> ssrcs, String msidStream, String msidTrack)
            throws SdpException {
        Objects.requireNonNull(codecName, "codecName");
        checkRtp(offered);
        if (!offered.direction().receives()) {
            throw new SdpException(offered.label() + ": the client does not receive on this m-line (a="
                    + offered.direction().sdpName() + "), so the SFU cannot send on it");
        }
        Codec chosen = find(offered, codecName);
        if (chosen == null) {
            throw new SdpException(offered.label() + ": the receiver did not offer " + codecName
                    + ", the codec the publisher sends; offered " + offeredNames(offered));
        }
        List<Extmap> extensions = new ArrayList<>();
        for (Extmap e : offered.extensions()) {
            if (policy.sendExtensions().contains(e.uri())) {
                extensions.add(new Extmap(e.id(), e.uri(), e.direction().reverse()));
            }
        }
        List<Codec> codecs = withRtx(offered, chosen, policy);
        return new AnsweredMedia(offered.mid(), offered.kind(), false, offered.protocol(), payloadTypes(codecs),
                Direction.SENDONLY, codecs, extensions, List.of(), null, ssrcs, msidStream, msidTrack);
    }

    /**
     * Whether the client can receive {@code codecName} on this m-line, as {@link #answerSending} needs it (for
     * H264: packetization-mode=1). When it cannot, the caller leaves the m-line {@link #idle} and tells the client
     * why.
     */
    public static boolean canReceive(OfferedMedia offered, String codecName) {
        return find(offered, codecName) != null;
    }

    /**
     * The media codecs an m-line offers, by name in offer order, each once; retransmission and FEC formats (rtx,
     * red, ulpfec, flexfec) left out. H264 is listed only with packetization-mode=1, the mode the SFU forwards.
     */
    public static List<String> offeredCodecs(OfferedMedia offered) {
        List<String> names = new ArrayList<>();
        for (Codec c : offered.codecs()) {
            boolean unusableH264 = c.is("H264") && !"1".equals(c.parameter("packetization-mode"));
            if (!repairOnly(c) && !unusableH264 && !names.contains(c.name())) {
                names.add(c.name());
            }
        }
        return names;
    }

    /**
     * Keeps an m-line in the session with nothing on it: a=inactive, port kept, one codec the policy
     * supports (else the first offered). Used for a receiver's idle transceiver, so the m-line that tags
     * the BUNDLE group is never rejected (which would move the client to a new transport).
     *
     * @throws SdpException when the m-line is stopped, not audio/video, or offers no codec
     */
    public static AnsweredMedia idle(OfferedMedia offered, Policy policy) throws SdpException {
        checkRtp(offered);
        if (offered.codecs().isEmpty()) {
            throw new SdpException(offered.label() + ": no codec offered");
        }
        List<String> preferred = offered.kind().equals("audio") ? policy.audioCodecs() : policy.videoCodecs();
        Codec chosen = null;
        for (String name : preferred) {
            chosen = find(offered, name);
            if (chosen != null) {
                break;
            }
        }
        if (chosen == null) {
            chosen = offered.codecs().get(0);
        }
        List<Codec> codecs = List.of(chosen);
        return new AnsweredMedia(offered.mid(), offered.kind(), false, offered.protocol(), payloadTypes(codecs),
                Direction.INACTIVE, codecs, List.of(), List.of(), null, List.of(), null, null);
    }

    /**
     * Accepts an m=application line for data channels over SCTP (RFC 8841): the offered protocol and format,
     * the SFU's SCTP port (5000) and the largest message it takes.
     */
    public static AnsweredMedia answerApplication(OfferedMedia offered, long maxMessageSize) throws SdpException {
        if (!offered.kind().equals("application")) {
            throw new SdpException(offered.label() + ": m=" + offered.kind() + " is not a data channel line");
        }
        if (offered.rejected()) {
            throw new SdpException(offered.label() + ": the m-line has port 0 (stopped); it can only be rejected");
        }
        return new AnsweredMedia(offered.mid(), "application", false, offered.protocol(),
                List.of(offered.protocol().equals("UDP/DTLS/SCTP") ? "webrtc-datachannel" : "5000"),
                Direction.SENDRECV, List.of(), List.of(), List.of(), null, List.of(), null, null, maxMessageSize);
    }

    /** Rejects an m-line: port 0, same kind, protocol and formats, a=mid kept, inactive. */
    public static AnsweredMedia reject(OfferedMedia offered) {
        List<String> formats = new ArrayList<>();
        for (Codec c : offered.codecs()) {
            formats.add(String.valueOf(c.payloadType()));
        }
        if (offered.kind().equals("application") || formats.isEmpty()) {
            formats = List.of(offered.kind().equals("application")
                    && offered.protocol().equals("UDP/DTLS/SCTP") ? "webrtc-datachannel" : "0");
        }
        return new AnsweredMedia(offered.mid(), offered.kind(), true, offered.protocol(), formats,
                Direction.INACTIVE, List.of(), List.of(), List.of(), null, List.of(), null, null);
    }

    private static void checkRtp(OfferedMedia offered) throws SdpException {
        if (offered.rejected()) {
            throw new SdpException(offered.label() + ": the m-line has port 0 (stopped); it can only be rejected");
        }
        if (!offered.kind().equals("audio") && !offered.kind().equals("video")) {
            throw new SdpException(offered.label() + ": m=" + offered.kind()
                    + " carries no RTP; only audio and video m-lines carry tracks");
        }
    }

    /** The offered codec called {@code name}; for H264 only packetization-mode=1, 42e01f preferred. */
    private static Codec find(OfferedMedia offered, String name) {
        Codec fallback = null;
        for (Codec c : offered.codecs()) {
            if (!c.is(name)) {
                continue;
            }
            if (!c.is("H264")) {
                return c;
            }
            if ("1".equals(c.parameter("packetization-mode"))) {
                if ("42e01f".equalsIgnoreCase(c.parameter("profile-level-id"))) {
                    return c;
                }
                if (fallback == null) {
                    fallback = c;
                }
            }
        }
        return fallback;
    }

    private static List<Codec> withRtx(OfferedMedia offered, Codec chosen, Policy policy) {
        List<Codec> out = new ArrayList<>();
        out.add(chosen.withRtcpFeedback(intersect(chosen.rtcpFeedback(), policy)));
        for (Codec c : offered.codecs()) {
            if (c.is("rtx") && Integer.valueOf(chosen.payloadType()).equals(c.apt())) {
                out.add(c.withRtcpFeedback(intersect(c.rtcpFeedback(), policy)));
                break;
            }
        }
        return out;
    }

    private static List<String> intersect(List<String> offered, Policy policy) {
        List<String> out = new ArrayList<>();
        for (String fb : offered) {
            if (policy.rtcpFeedback().contains(fb)) {
                out.add(fb);
            }
        }
        return out;
    }

    private static List<String> payloadTypes(List<Codec> codecs) {
        List<String> out = new ArrayList<>();
        for (Codec c : codecs) {
            out.add(String.valueOf(c.payloadType()));
        }
        return out;
    }

    private static String offeredNames(OfferedMedia offered) {
        List<String> names = new ArrayList<>();
        for (Codec c : offered.codecs()) {
            if (!repairOnly(c) && !names.contains(c.name())) {
                names.add(c.name());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static boolean repairOnly(Codec c) {
        return c.is("rtx") || c.is("red") || c.is("ulpfec") || c.is("flexfec-03");
    }
}

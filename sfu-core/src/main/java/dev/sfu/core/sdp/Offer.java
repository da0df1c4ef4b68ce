package dev.sfu.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * A client's offer, validated for what this SFU supports: one BUNDLE transport (max-bundle), rtcp-mux,
 * ICE + DTLS with the client as DTLS client or undecided (a=setup:actpass or active), Unified Plan
 * m-lines with a=mid. See {@link #parse} for the checks. Immutable.
 */
public record Offer(TransportParameters transport, List<String> bundleMids, List<OfferedMedia> media) {
    public Offer {
        Objects.requireNonNull(transport, "transport");
        bundleMids = List.copyOf(bundleMids);
        media = List.copyOf(media);
    }

    /**
     * Parses and validates an offer. Fails with a message naming the m-line when: the text is not SDP
     * (missing v=, o=, s= or t=); there is no m-line; an active m-line (port != 0, or port 0 with
     * a=bundle-only and its mid in the BUNDLE group: RFC 8843 section 6) has no a=mid; two m-lines share a mid; there is no a=group:BUNDLE or an active m-line is not in it; an active RTP
     * m-line lacks a=rtcp-mux; a=ice-ufrag, a=ice-pwd or a=fingerprint is missing (session or media
     * level) or differs between active m-lines; a=setup is not actpass or active; the protocol is not
     * UDP/TLS/RTP/SAVPF (UDP/DTLS/SCTP or DTLS/SCTP for m=application); a payload type has no a=rtpmap and
     * is not static; an rtpmap, fmtp, rtcp-fb, extmap, ssrc, ssrc-group, rid or simulcast line is malformed.
     */
    public static Offer parse(String sdp) throws SdpException {
        return OfferParser.parse(SessionDescription.parse(sdp));
    }

    /** The m-line with this mid, or null. */
    public OfferedMedia media(String mid) {
        for (OfferedMedia m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }
}

package dev.sfu.peer;

import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.rtp.RtpExtensionUris;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Unified Plan offer the way Chromium does for one RTCPeerConnection with {@code max-bundle} and
 * {@code rtcp-mux 'require'}: one BUNDLE group, ICE and DTLS parameters repeated in every m-line,
 * {@code a=setup:actpass}, sendonly m-lines with a=msid, a=ssrc (cname, msid) and a=ssrc-group:FID (or, for simulcast, the
 * rtp-stream-id extension, a=rid and a=simulcast and no a=ssrc lines), recvonly
 * m-lines without SSRCs, and stopped transceivers as port-0 m-lines outside the group. Stateless.
 */
final class OfferWriter {
    private OfferWriter() {
    }

    /**
     * The session-wide values of an offer.
     *
     * @param receiveRtx recvonly video m-lines offer RTX (as Chromium does); off, they offer none
     * @param transportCc recvonly m-lines offer the transport-wide sequence number and transport-cc feedback
     */
    record Session(long sessionId, int version, IceCredentials ice, String fingerprintAlgorithm,
            String fingerprint, String cname, String streamId, boolean receiveRtx, boolean transportCc) {
    }

    static String write(Session session, List<MediaLine> lines) {
        StringBuilder sb = new StringBuilder(4096);
        line(sb, "v=0");
        line(sb, "o=- " + session.sessionId() + " " + session.version() + " IN IP4 127.0.0.1");
        line(sb, "s=-");
        line(sb, "t=0 0");
        List<String> bundle = new ArrayList<>();
        for (MediaLine m : lines) {
            if (!(m instanceof ReceiveSlot slot && slot.stopped())) {
                bundle.add(m.mid());
            }
        }
        line(sb, "a=group:BUNDLE " + String.join(" ", bundle));
        line(sb, "a=extmap-allow-mixed");
        line(sb, "a=msid-semantic: WMS " + session.streamId());
        for (MediaLine m : lines) {
            if (m instanceof ReceiveSlot slot && slot.stopped()) {
                writeStopped(sb, slot);
            } else {
                writeActive(sb, session, m);
            }
        }
        return sb.toString();
    }

    private static void writeActive(StringBuilder sb, Session session, MediaLine m) {
        if (m instanceof DataLine data) {
            writeData(sb, session, data);
            return;
        }
        boolean video = "video".equals(m.kind());
        boolean rtx = m instanceof LocalTrack || session.receiveRtx();
        line(sb, "m=" + m.kind() + " 9 UDP/TLS/RTP/SAVPF " + (!video ? String.valueOf(LocalTrack.OPUS_PT)
                : rtx ? LocalTrack.VP8_PT + " " + LocalTrack.VP8_RTX_PT + " " + LocalTrack.H264_PT + " "
                        + LocalTrack.H264_RTX_PT
                : LocalTrack.VP8_PT + " " + LocalTrack.H264_PT));
        line(sb, "c=IN IP4 0.0.0.0");
        line(sb, "a=rtcp:9 IN IP4 0.0.0.0");
        line(sb, "a=ice-ufrag:" + session.ice().ufrag());
        line(sb, "a=ice-pwd:" + session.ice().password());
        line(sb, "a=ice-options:trickle");
        line(sb, "a=fingerprint:" + session.fingerprintAlgorithm() + " " + session.fingerprint());
        line(sb, "a=setup:actpass");
        line(sb, "a=mid:" + m.mid());
        line(sb, "a=extmap:" + LocalTrack.MID_EXTENSION_ID + " " + RtpExtensionUris.SDES_MID);
        if (m instanceof LocalTrack track && track.simulcast()) {
            line(sb, "a=extmap:" + LocalTrack.RID_EXTENSION_ID + " " + RtpExtensionUris.RTP_STREAM_ID);
        }
        if (session.transportCc() && !(m instanceof LocalTrack)) {
            line(sb, "a=extmap:" + LocalTrack.TRANSPORT_CC_EXTENSION_ID + " " + RtpExtensionUris.TRANSPORT_CC);
        }
        if (m instanceof LocalTrack track) {
            line(sb, "a=sendonly");
            line(sb, "a=msid:" + track.streamId() + " " + track.trackId());
        } else {
            line(sb, "a=recvonly");
        }
        line(sb, "a=rtcp-mux");
        if (video) {
            line(sb, "a=rtcp-rsize");
            codec(sb, LocalTrack.VP8_PT, "VP8/90000", null, true);
            if (rtx) {
                codec(sb, LocalTrack.VP8_RTX_PT, "rtx/90000", "apt=" + LocalTrack.VP8_PT, false);
            }
            codec(sb, LocalTrack.H264_PT, "H264/90000",
                    "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", true);
            if (rtx) {
                codec(sb, LocalTrack.H264_RTX_PT, "rtx/90000", "apt=" + LocalTrack.H264_PT, false);
            }
        } else {
            line(sb, "a=rtpmap:" + LocalTrack.OPUS_PT + " opus/48000/2");
            line(sb, "a=rtcp-fb:" + LocalTrack.OPUS_PT + " transport-cc");
            line(sb, "a=fmtp:" + LocalTrack.OPUS_PT + " minptime=10;useinbandfec=1");
        }
        if (m instanceof LocalTrack track && track.simulcast()) {
            writeSimulcast(sb, track);
        } else if (m instanceof LocalTrack track) {
            String msid = track.streamId() + " " + track.trackId();
            if (track.rtxSsrc() >= 0) {
                line(sb, "a=ssrc-group:FID " + track.ssrc() + " " + track.rtxSsrc());
            }
            line(sb, "a=ssrc:" + track.ssrc() + " cname:" + session.cname());
            line(sb, "a=ssrc:" + track.ssrc() + " msid:" + msid);
            if (track.rtxSsrc() >= 0) {
                line(sb, "a=ssrc:" + track.rtxSsrc() + " cname:" + session.cname());
                line(sb, "a=ssrc:" + track.rtxSsrc() + " msid:" + msid);
            }
        }
    }

    /** RFC 8841: data channels on the bundle's DTLS, as Chromium writes the line. */
    private static void writeData(StringBuilder sb, Session session, DataLine data) {
        line(sb, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        line(sb, "c=IN IP4 0.0.0.0");
        line(sb, "a=ice-ufrag:" + session.ice().ufrag());
        line(sb, "a=ice-pwd:" + session.ice().password());
        line(sb, "a=ice-options:trickle");
        line(sb, "a=fingerprint:" + session.fingerprintAlgorithm() + " " + session.fingerprint());
        line(sb, "a=setup:actpass");
        line(sb, "a=mid:" + data.mid());
        line(sb, "a=sctp-port:5000");
        line(sb, "a=max-message-size:" + data.maxMessageSize());
    }

    /** RFC 8853 §5.1: one a=rid per encoding and a=simulcast listing them lowest first; no a=ssrc lines. */
    private static void writeSimulcast(StringBuilder sb, LocalTrack track) {
        List<String> rids = new ArrayList<>();
        for (SendEncoding encoding : track.encodings()) {
            line(sb, "a=rid:" + encoding.rid() + " send");
            rids.add(encoding.rid());
        }
        line(sb, "a=simulcast:send " + String.join(";", rids));
    }

    private static void codec(StringBuilder sb, int pt, String rtpmap, String fmtp, boolean feedback) {
        line(sb, "a=rtpmap:" + pt + " " + rtpmap);
        if (feedback) {
            for (String fb : List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")) {
                line(sb, "a=rtcp-fb:" + pt + " " + fb);
            }
        }
        if (fmtp != null) {
            line(sb, "a=fmtp:" + pt + " " + fmtp);
        }
    }

    private static void writeStopped(StringBuilder sb, ReceiveSlot slot) {
        boolean video = "video".equals(slot.kind());
        line(sb, "m=" + slot.kind() + " 0 UDP/TLS/RTP/SAVPF "
                + (video ? LocalTrack.VP8_PT + " " + LocalTrack.VP8_RTX_PT : String.valueOf(LocalTrack.OPUS_PT)));
        line(sb, "c=IN IP4 0.0.0.0");
        line(sb, "a=mid:" + slot.mid());
        line(sb, "a=inactive");
        if (video) {
            line(sb, "a=rtpmap:" + LocalTrack.VP8_PT + " VP8/90000");
            line(sb, "a=rtpmap:" + LocalTrack.VP8_RTX_PT + " rtx/90000");
            line(sb, "a=fmtp:" + LocalTrack.VP8_RTX_PT + " apt=" + LocalTrack.VP8_PT);
        } else {
            line(sb, "a=rtpmap:" + LocalTrack.OPUS_PT + " opus/48000/2");
        }
    }

    private static void line(StringBuilder sb, String line) {
        sb.append(line).append("\r\n");
    }
}

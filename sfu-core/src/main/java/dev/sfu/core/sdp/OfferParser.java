package dev.sfu.core.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a generic {@link SessionDescription} into a validated {@link Offer}. Stateless. */
final class OfferParser {
    static final String RTP_PROTOCOL = "UDP/TLS/RTP/SAVPF";
    private static final Set<String> SCTP_PROTOCOLS = Set.of("UDP/DTLS/SCTP", "DTLS/SCTP");
    /** RFC 8841 section 5: without a=sctp-port the SCTP port is 5000. */
    static final int DEFAULT_SCTP_PORT = 5000;
    /** RFC 8841 section 6: without a=max-message-size the peer takes messages up to 64 KiB. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 65536;

    private OfferParser() {
    }

    static Offer parse(SessionDescription sd) throws SdpException {
        if (sd.media().isEmpty()) {
            throw new SdpException("the offer has no m-lines: add a transceiver (or a data channel) before"
                    + " creating the offer");
        }
        Direction sessionDirection = Direction.SENDRECV;
        for (Attribute a : sd.attributes()) {
            Direction d = Direction.fromAttribute(a);
            if (d != null) {
                sessionDirection = d;
            }
        }
        List<String> bundle = bundleGroup(sd);
        List<OfferedMedia> media = new ArrayList<>();
        Set<String> mids = new HashSet<>();
        for (int i = 0; i < sd.media().size(); i++) {
            MediaSection section = sd.media().get(i);
            OfferedMedia m = parseMedia(i, section, sessionDirection, bundle);
            if (m.mid() != null && !mids.add(m.mid())) {
                throw new SdpException(m.label() + ": duplicate a=mid:" + m.mid() + "; every m-line needs its own mid");
            }
            media.add(m);
        }
        checkBundled(media, bundle);
        TransportParameters transport = TransportResolver.resolve(sd, media);
        return new Offer(transport, bundle, media);
    }

    private static List<String> bundleGroup(SessionDescription sd) throws SdpException {
        for (String group : sd.values("group")) {
            String[] parts = group.trim().split(" +");
            if (parts[0].equalsIgnoreCase("BUNDLE")) {
                return List.of(parts).subList(1, parts.length);
            }
        }
        throw new SdpException("no a=group:BUNDLE line: the SFU needs all m-lines on one transport"
                + " (RTCPeerConnection bundlePolicy 'max-bundle')");
    }

    private static void checkBundled(List<OfferedMedia> media, List<String> bundle) throws SdpException {
        for (OfferedMedia m : media) {
            if (!m.rejected() && !bundle.contains(m.mid())) {
                throw new SdpException(m.label() + ": not in the BUNDLE group (a=group:BUNDLE "
                        + String.join(" ", bundle) + "); use bundlePolicy 'max-bundle'");
            }
        }
    }

    private static OfferedMedia parseMedia(int index, MediaSection s, Direction sessionDirection,
            List<String> bundle) throws SdpException {
        String mid = s.value("mid");
        if (mid != null && mid.isBlank()) {
            mid = null;
        }
        if (mid != null) {
            mid = mid.trim();
        }
        String label = "m-line " + (index + 1) + (mid == null ? "" : " (mid " + mid + ")");
        // RFC 8843 section 6: port 0 with a=bundle-only is a live m-line that exists only inside the BUNDLE
        // group (Firefox and webrtcbin offer every m-line after the first so under max-bundle); port 0 without
        // it, or outside the group, is a stopped one.
        boolean bundleOnly = s.port() == 0 && s.has("bundle-only") && mid != null && bundle.contains(mid);
        boolean active = s.port() != 0 || bundleOnly;
        if (active && mid == null) {
            throw new SdpException(label + " (" + s.kind() + "): missing a=mid; the SFU needs Unified Plan"
                    + " (sdpSemantics 'unified-plan')");
        }
        boolean rtp = !s.kind().equals("application");
        if (active) {
            if (rtp && !s.protocol().equals(RTP_PROTOCOL)) {
                throw new SdpException(label + ": protocol " + s.protocol() + " is not supported; "
                        + s.kind() + " needs " + RTP_PROTOCOL);
            }
            if (!rtp && !SCTP_PROTOCOLS.contains(s.protocol())) {
                throw new SdpException(label + ": protocol " + s.protocol()
                        + " is not supported for m=application; expected UDP/DTLS/SCTP or DTLS/SCTP");
            }
            if (rtp && !s.has("rtcp-mux")) {
                throw new SdpException(label + ": missing a=rtcp-mux; the SFU needs RTP and RTCP on one port"
                        + " (rtcpMuxPolicy 'require')");
            }
        }
        Direction direction = sessionDirection;
        String msid = null;
        for (Attribute a : s.attributes()) {
            Direction d = Direction.fromAttribute(a);
            if (d != null) {
                direction = d;
            }
            if (a.name().equals("msid") && msid == null && a.value() != null) {
                msid = a.value().trim();
            }
        }
        List<Codec> codecs = rtp ? MediaLines.codecs(label, s, active) : List.of();
        List<Extmap> extensions = MediaLines.extmaps(label, s);
        List<SsrcDescription> ssrcs = MediaLines.ssrcs(label, s);
        List<SsrcGroup> groups = MediaLines.ssrcGroups(label, s);
        List<Rid> rids = MediaLines.rids(label, s);
        Simulcast simulcast = MediaLines.simulcast(label, s);
        int sctpPort = rtp ? 0 : (int) number(label, s, "sctp-port", DEFAULT_SCTP_PORT, 1, 65535);
        long maxMessageSize = rtp ? 0 : number(label, s, "max-message-size", DEFAULT_MAX_MESSAGE_SIZE, 0,
                Long.MAX_VALUE);
        return new OfferedMedia(index, mid, s.kind(), s.port(), bundleOnly, s.protocol(), direction, codecs,
                extensions, ssrcs, groups, rids, simulcast, s.has("rtcp-mux"), msid, sctpPort, maxMessageSize);
    }

    /** A numeric attribute of an m-line, its default when absent; out of range or not a number is an error. */
    private static long number(String label, MediaSection s, String attribute, long absent, long min, long max)
            throws SdpException {
        String value = s.value(attribute);
        if (value == null) {
            return absent;
        }
        long n = Tokens.parseLong(value.trim(), min, max, -1); // both attributes are non-negative: -1 is "bad"
        if (n >= 0) {
            return n;
        }
        throw new SdpException(label + ": a=" + attribute + ":" + value + " is not a number in " + min + ".." + max);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static <K, V> Map<K, V> orderedMap() {
        return new LinkedHashMap<>();
    }
}

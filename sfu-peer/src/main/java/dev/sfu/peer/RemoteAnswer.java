package dev.sfu.peer;

import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.sdp.MediaSection;
import dev.sfu.core.sdp.SdpException;
import dev.sfu.core.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the peer needs from the SFU's answer: where to send (the host candidate), the ICE credentials, the DTLS
 * fingerprint, and per mid whether the m-line was accepted, its payload type and the SSRC the server sends with.
 * {@code dataMaxMessageSize}: the a=max-message-size of an accepted m=application (65536 when it has none,
 * RFC 8841 section 6), or -1 without one. Immutable.
 */
record RemoteAnswer(InetSocketAddress candidate, IceCredentials ice, String fingerprintAlgorithm, String fingerprint,
        String setup, boolean iceLite, Map<String, Section> sections, long dataMaxMessageSize) {

    /**
     * One answered m-line.
     *
     * @param payloadType the first format of the m-line (the codec the server chose), or -1 when rejected
     * @param ssrc the first a=ssrc the server announced (what it sends with on this mid), or -1
     * @param rtxSsrc the RTX SSRC paired with it by a=ssrc-group:FID, or -1
     * @param rtxPayloadType the payload type of the RTX codec whose apt is {@code payloadType}, or -1
     */
    record Section(String mid, String kind, boolean rejected, String direction, int payloadType, long ssrc,
            long rtxSsrc, int rtxPayloadType) {}

    RemoteAnswer {
        sections = Map.copyOf(sections);
    }

    /** Parses the answer; fails when a value the peer needs is missing or malformed. */
    static RemoteAnswer parse(String sdp) throws SdpException {
        SessionDescription sd = SessionDescription.parse(sdp);
        InetSocketAddress candidate = null;
        String ufrag = null;
        String pwd = null;
        String fingerprint = null;
        String setup = null;
        Map<String, Section> sections = new LinkedHashMap<>();
        long dataMaxMessageSize = -1;
        for (MediaSection m : sd.media()) {
            String mid = m.value("mid");
            if (mid == null) {
                throw new SdpException("answer m-line without a=mid");
            }
            boolean rejected = m.port() == 0;
            String direction = direction(m);
            boolean data = "application".equals(m.kind());
            int pt = rejected || data || m.formats().isEmpty() ? -1 : parseInt(m.formats().get(0));
            if (data && !rejected) {
                String size = m.value("max-message-size");
                dataMaxMessageSize = size == null ? 65536 : parseLong(size);
            }
            long ssrc = -1;
            for (String s : m.values("ssrc")) {
                int sp = s.indexOf(' ');
                ssrc = Long.parseLong(sp < 0 ? s.trim() : s.substring(0, sp).trim());
                break;
            }
            long rtxSsrc = -1;
            for (String group : m.values("ssrc-group")) {
                String[] parts = group.trim().split(" +");
                if (parts.length == 3 && "FID".equals(parts[0]) && parseLong(parts[1]) == ssrc) {
                    rtxSsrc = parseLong(parts[2]);
                }
            }
            int rtxPt = -1;
            for (String fmtp : m.values("fmtp")) {
                String[] parts = fmtp.trim().split(" +", 2);
                if (parts.length == 2 && parts[1].trim().equals("apt=" + pt)) {
                    rtxPt = parseInt(parts[0]);
                }
            }
            sections.put(mid, new Section(mid, m.kind(), rejected, direction, pt, ssrc, rtxSsrc, rtxPt));
            if (rejected) {
                continue;
            }
            ufrag = first(ufrag, m.value("ice-ufrag"));
            pwd = first(pwd, m.value("ice-pwd"));
            fingerprint = first(fingerprint, m.value("fingerprint"));
            setup = first(setup, m.value("setup"));
            for (String c : m.values("candidate")) {
                if (candidate == null) {
                    candidate = candidate(c);
                }
            }
        }
        ufrag = first(ufrag, sd.value("ice-ufrag"));
        pwd = first(pwd, sd.value("ice-pwd"));
        fingerprint = first(fingerprint, sd.value("fingerprint"));
        if (ufrag == null || pwd == null || fingerprint == null || candidate == null) {
            throw new SdpException("answer lacks ice-ufrag, ice-pwd, fingerprint or a candidate");
        }
        String[] fp = fingerprint.trim().split(" +", 2);
        if (fp.length != 2) {
            throw new SdpException("malformed a=fingerprint:" + fingerprint);
        }
        return new RemoteAnswer(candidate, new IceCredentials(ufrag.trim(), pwd.trim()), fp[0], fp[1], setup,
                sd.has("ice-lite"), sections, dataMaxMessageSize);
    }

    private static String direction(MediaSection m) {
        for (String d : new String[] {"sendrecv", "sendonly", "recvonly", "inactive"}) {
            if (m.has(d)) {
                return d;
            }
        }
        return "sendrecv";
    }

    /** "foundation component udp priority address port typ host ...": UDP host candidates only. */
    private static InetSocketAddress candidate(String value) throws SdpException {
        String[] parts = value.trim().split(" +");
        if (parts.length < 8 || !"udp".equalsIgnoreCase(parts[2]) || !"1".equals(parts[1])) {
            return null;
        }
        int port = parseInt(parts[5]);
        if (port < 1 || port > 65535) {
            throw new SdpException("malformed candidate port: " + value);
        }
        return new InetSocketAddress(parts[4], port);
    }

    private static int parseInt(String s) throws SdpException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException("not a number: " + s);
        }
    }

    private static long parseLong(String s) throws SdpException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException("not a number: " + s);
        }
    }

    private static String first(String current, String candidate) {
        return current != null ? current : candidate;
    }

    Section section(String mid) {
        return sections.get(mid);
    }
}

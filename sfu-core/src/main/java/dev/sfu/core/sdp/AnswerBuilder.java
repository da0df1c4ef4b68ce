package dev.sfu.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes the SFU's answer (JSEP, RFC 8829 section 5.3): ICE-lite, one BUNDLE transport on one host
 * candidate, DTLS passive. Add the {@link AnsweredMedia} in the offer's m-line order, then {@link #build}.
 * Not thread-safe; use one builder per answer.
 *
 * <pre>
 *   v=0 / o=- &lt;sessionId&gt; 2 IN IP4 0.0.0.0 / s=- / t=0 0
 *   a=ice-lite / a=group:BUNDLE &lt;active mids&gt; / a=msid-semantic: WMS *
 *   per active m-line: m= c= mid ice fingerprint setup rtcp-mux direction [msid] codecs extmaps
 *                      [rid simulcast] [ssrc-group ssrc] candidate end-of-candidates
 *   m=application:      m= c= mid ice fingerprint setup sctp-port max-message-size candidate end-of-candidates
 *   per rejected m-line: m=&lt;kind&gt; 0 ... / c=IN IP4 0.0.0.0 / a=mid / a=inactive
 * </pre>
 */
public final class AnswerBuilder {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** The SFU's SCTP port (RFC 8841 section 5: the default, which every browser uses too). */
    public static final int SCTP_PORT = 5000;

    private final long sessionId;
    private final TransportParameters local;
    private final String address;
    private final int port;
    private final boolean ipv6;
    private final List<AnsweredMedia> media = new ArrayList<>();

    /**
     * @param sessionId o= session id (non-negative)
     * @param local the SFU's ICE credentials and DTLS fingerprint; setup normally "passive"
     * @param candidateAddress the host candidate's IPv4 or IPv6 literal (no host names)
     * @param candidatePort the host candidate's UDP port, 1-65535
     */
    public AnswerBuilder(long sessionId, TransportParameters local, String candidateAddress, int candidatePort) {
        if (sessionId < 0) {
            throw new IllegalArgumentException("sessionId must be non-negative");
        }
        this.local = Objects.requireNonNull(local, "local");
        Objects.requireNonNull(local.iceUfrag(), "local.iceUfrag");
        Objects.requireNonNull(local.icePwd(), "local.icePwd");
        Objects.requireNonNull(local.fingerprintAlgorithm(), "local.fingerprintAlgorithm");
        Objects.requireNonNull(local.fingerprint(), "local.fingerprint");
        Objects.requireNonNull(candidateAddress, "candidateAddress");
        if (IPV4.matcher(candidateAddress).matches()) {
            ipv6 = false;
        } else if (candidateAddress.indexOf(':') >= 0 && IPV6.matcher(candidateAddress).matches()) {
            ipv6 = true;
        } else {
            throw new IllegalArgumentException("candidateAddress must be an IPv4 or IPv6 literal: " + candidateAddress);
        }
        if (candidatePort < 1 || candidatePort > 65535) {
            throw new IllegalArgumentException("candidatePort out of range: " + candidatePort);
        }
        this.sessionId = sessionId;
        this.address = candidateAddress;
        this.port = candidatePort;
    }

    public AnswerBuilder add(AnsweredMedia m) {
        media.add(Objects.requireNonNull(m, "m"));
        return this;
    }

    public String build() {
        StringBuilder sb = new StringBuilder(2048);
        String family = ipv6 ? "IP6" : "IP4";
        line(sb, "v=0");
        line(sb, "o=- " + sessionId + " 2 IN " + family + (ipv6 ? " ::" : " 0.0.0.0"));
        line(sb, "s=-");
        line(sb, "t=0 0");
        line(sb, "a=ice-lite");
        List<String> mids = new ArrayList<>();
        for (AnsweredMedia m : media) {
            if (!m.rejected() && m.mid() != null) {
                mids.add(m.mid());
            }
        }
        if (!mids.isEmpty()) {
            line(sb, "a=group:BUNDLE " + String.join(" ", mids));
        }
        line(sb, "a=msid-semantic: WMS *");
        for (AnsweredMedia m : media) {
            if (m.rejected()) {
                writeRejected(sb, m);
            } else {
                writeActive(sb, m, family);
            }
        }
        return sb.toString();
    }

    private static void writeRejected(StringBuilder sb, AnsweredMedia m) {
        List<String> formats = m.formats().isEmpty() ? List.of("0") : m.formats();
        line(sb, "m=" + m.kind() + " 0 " + m.protocol() + " " + String.join(" ", formats));
        line(sb, "c=IN IP4 0.0.0.0");
        if (m.mid() != null) {
            line(sb, "a=mid:" + m.mid());
        }
        line(sb, "a=inactive");
    }

    private void writeActive(StringBuilder sb, AnsweredMedia m, String family) {
        line(sb, "m=" + m.kind() + " " + port + " " + m.protocol() + " " + String.join(" ", m.formats()));
        line(sb, "c=IN " + family + " " + address);
        line(sb, "a=mid:" + m.mid());
        line(sb, "a=ice-ufrag:" + local.iceUfrag());
        line(sb, "a=ice-pwd:" + local.icePwd());
        line(sb, "a=fingerprint:" + local.fingerprintAlgorithm() + " " + local.fingerprint());
        line(sb, "a=setup:" + (local.setup() == null ? "passive" : local.setup()));
        if (m.kind().equals("application")) {
            // RFC 8841: data channels over SCTP on the bundle's DTLS; no RTP attributes.
            line(sb, "a=sctp-port:" + SCTP_PORT);
            line(sb, "a=max-message-size:" + m.maxMessageSize());
            line(sb, "a=candidate:1 1 udp 2130706431 " + address + " " + port + " typ host");
            line(sb, "a=end-of-candidates");
            return;
        }
        line(sb, "a=rtcp-mux");
        line(sb, "a=" + m.direction().sdpName());
        boolean sending = m.direction().sends();
        if (sending && m.msidTrack() != null) {
            line(sb, "a=msid:" + msid(m));
        }
        for (Codec c : m.codecs()) {
            line(sb, "a=rtpmap:" + c.payloadType() + " " + c.name() + "/" + c.clockRate()
                    + (c.channels() > 1 ? "/" + c.channels() : ""));
            if (c.fmtp() != null) {
                line(sb, "a=fmtp:" + c.payloadType() + " " + c.fmtp());
            }
            for (String fb : c.rtcpFeedback()) {
                line(sb, "a=rtcp-fb:" + c.payloadType() + " " + fb);
            }
        }
        for (Extmap e : m.extensions()) {
            line(sb, "a=extmap:" + e.id() + (e.direction() == Direction.SENDRECV ? "" : "/" + e.direction().sdpName())
                    + " " + e.uri());
        }
        if (m.direction().receives()) {
            for (Rid r : m.rids()) {
                line(sb, "a=rid:" + r.id() + " " + (r.direction() == Direction.SENDONLY ? "send" : "recv")
                        + (r.restrictions() == null ? "" : " " + r.restrictions()));
            }
            if (m.simulcast() != null) {
                line(sb, "a=simulcast:" + simulcast(m.simulcast()));
            }
        }
        if (sending) {
            writeSsrcs(sb, m);
        }
        line(sb, "a=candidate:1 1 udp 2130706431 " + address + " " + port + " typ host");
        line(sb, "a=end-of-candidates");
    }

    private static void writeSsrcs(StringBuilder sb, AnsweredMedia m) {
        List<OutgoingSsrc> primary = new ArrayList<>();
        List<OutgoingSsrc> rtx = new ArrayList<>();
        for (OutgoingSsrc s : m.ssrcs()) {
            (OutgoingSsrc.RTX.equals(s.purpose()) ? rtx : primary).add(s);
        }
        for (int i = 0; i < Math.min(primary.size(), rtx.size()); i++) {
            line(sb, "a=ssrc-group:FID " + primary.get(i).ssrc() + " " + rtx.get(i).ssrc());
        }
        for (OutgoingSsrc s : m.ssrcs()) {
            line(sb, "a=ssrc:" + s.ssrc() + " cname:" + s.cname());
            if (m.msidTrack() != null) {
                line(sb, "a=ssrc:" + s.ssrc() + " msid:" + msid(m));
            }
        }
    }

    private static String msid(AnsweredMedia m) {
        return (m.msidStream() == null ? "-" : m.msidStream()) + " " + m.msidTrack();
    }

    private static String simulcast(Simulcast s) {
        StringBuilder sb = new StringBuilder();
        if (!s.sendRids().isEmpty()) {
            sb.append("send ").append(String.join(";", s.sendRids()));
        }
        if (!s.recvRids().isEmpty()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append("recv ").append(String.join(";", s.recvRids()));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String line) {
        sb.append(line).append("\r\n");
    }
}

package dev.sfu.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * One RTP payload format: {@code a=rtpmap:<pt> <name>/<clockRate>[/<channels>]}, its {@code a=fmtp}
 * parameters (null when absent) and its {@code a=rtcp-fb} values ("nack", "nack pli", "ccm fir", ...).
 * The name keeps the case it was offered in; {@link #is} compares case-insensitively. Channels is 1 when
 * the rtpmap does not say.
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp,
                    List<String> rtcpFeedback) {
    public Codec {
        Objects.requireNonNull(name, "name");
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The {@code apt=} payload type of an RTX codec (RFC 4588); null when absent or not a number. */
    public Integer apt() {
        String v = parameter("apt");
        if (v == null) {
            return null;
        }
        int pt = Tokens.parseInt(v, 0, 127, -1);
        return pt < 0 ? null : pt;
    }

    /** The value of one {@code key=value} fmtp parameter (key case-insensitive); null when absent. */
    public String parameter(String key) {
        if (fmtp == null) {
            return null;
        }
        for (String part : fmtp.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** The same codec with other rtcp-fb values. */
    public Codec withRtcpFeedback(List<String> feedback) {
        return new Codec(payloadType, name, clockRate, channels, fmtp, feedback);
    }
}

package dev.sfu.core.sdp;

import java.util.Locale;

/** The media direction attribute (RFC 8866 section 6.7), seen from the side that wrote it. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The attribute name as written in SDP, e.g. {@code "sendonly"}. */
    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction the other side uses: sendonly becomes recvonly and back; sendrecv and inactive stay. */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /**
     * Parses {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive}
     * (case-insensitive); the rid/simulcast words {@code send} and {@code recv} map to SENDONLY and RECVONLY.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static Direction parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "sendrecv": return SENDRECV;
                case "sendonly": case "send": return SENDONLY;
                case "recvonly": case "recv": return RECVONLY;
                case "inactive": return INACTIVE;
                default: break;
            }
        }
        throw new IllegalArgumentException("not a media direction: '" + text + "'");
    }

    /** The direction a flag attribute line names ({@code a=sendonly}), or null for any other line. */
    static Direction fromAttribute(Attribute a) {
        if (a.value() != null) {
            return null;
        }
        return switch (a.name()) {
            case "sendrecv" -> SENDRECV;
            case "sendonly" -> SENDONLY;
            case "recvonly" -> RECVONLY;
            case "inactive" -> INACTIVE;
            default -> null;
        };
    }

    /** One of the four SDP words exactly as written (lower case), else null; used for a=extmap directions. */
    static Direction parseOrNull(String text) {
        return fromAttribute(new Attribute(text, null));
    }
}

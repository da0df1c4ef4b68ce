package dev.sfu.core.sdp;

import java.util.Objects;

/** An SSRC the SFU sends on an m-line: purpose {@link #MEDIA} or {@link #RTX} (paired into FID groups). */
public record OutgoingSsrc(long ssrc, String cname, String purpose) {
    public static final String MEDIA = "media";
    public static final String RTX = "rtx";

    public OutgoingSsrc {
        Objects.requireNonNull(cname, "cname");
        if (!MEDIA.equals(purpose) && !RTX.equals(purpose)) {
            throw new IllegalArgumentException("purpose must be \"media\" or \"rtx\", got " + purpose);
        }
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc out of 32-bit range: " + ssrc);
        }
    }
}

package dev.sfu.core.srtp;

/**
 * SRTP protection profiles negotiated through the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2,
 * RFC 7714 §14.2). Only the profiles a browser offers are listed.
 *
 * <pre>
 * profile                  use_srtp  key  salt  RTP tag  SRTCP tag
 * AES_CM_128_HMAC_SHA1_80  0x0001    16   14    10       10
 * AES_CM_128_HMAC_SHA1_32  0x0002    16   14     4       10   (RFC 5764 §4.1.2: SRTCP keeps 80 bits)
 * AEAD_AES_128_GCM         0x0007    16   12    16       16
 * </pre>
 */
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(0x0001, 14, 10, 10),
    AES_CM_128_HMAC_SHA1_32(0x0002, 14, 4, 10),
    AEAD_AES_128_GCM(0x0007, 12, 16, 16);

    private final int useSrtpId;
    private final int masterSaltLength;
    private final int rtpAuthTagLength;
    private final int rtcpAuthTagLength;

    SrtpProfile(int useSrtpId, int masterSaltLength, int rtpAuthTagLength, int rtcpAuthTagLength) {
        this.useSrtpId = useSrtpId;
        this.masterSaltLength = masterSaltLength;
        this.rtpAuthTagLength = rtpAuthTagLength;
        this.rtcpAuthTagLength = rtcpAuthTagLength;
    }

    /** The two-byte SRTPProtectionProfile value carried in the DTLS {@code use_srtp} extension. */
    public int useSrtpId() {
        return useSrtpId;
    }

    /** Master key length in bytes (also the session cipher key length). */
    public int masterKeyLength() {
        return 16;
    }

    /** Master salt length in bytes (also the session salt length). */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes appended to each SRTP packet: the HMAC-SHA1 truncation, or the GCM tag. */
    public int rtpAuthTagLength() {
        return rtpAuthTagLength;
    }

    /** Bytes of tag appended to each SRTCP packet (after, or for GCM before, the E|index word). */
    public int rtcpAuthTagLength() {
        return rtcpAuthTagLength;
    }

    /** True for the AEAD profiles of RFC 7714, where the tag comes from the cipher itself. */
    boolean isAead() {
        return this == AEAD_AES_128_GCM;
    }

    /** The profile for a {@code use_srtp} value, or {@code null} if this implementation does not offer it. */
    public static SrtpProfile fromUseSrtpId(int id) {
        for (SrtpProfile p : values()) {
            if (p.useSrtpId == id) {
                return p;
            }
        }
        return null;
    }
}

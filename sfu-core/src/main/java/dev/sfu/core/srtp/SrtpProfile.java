package dev.sfu.core.srtp;

/**
 * SRTP protection profiles negotiated through the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2,
 * RFC 7714 §14.2), with the key, salt and authentication tag lengths in bytes.
 */
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10),
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10),
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16);

    private final int useSrtpId;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int rtpAuthTagLength;
    private final int rtcpAuthTagLength;

    SrtpProfile(int useSrtpId, int masterKeyLength, int masterSaltLength,
            int rtpAuthTagLength, int rtcpAuthTagLength) {
        this.useSrtpId = useSrtpId;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.rtpAuthTagLength = rtpAuthTagLength;
        this.rtcpAuthTagLength = rtcpAuthTagLength;
    }

    /** The SRTPProtectionProfile value carried in {@code use_srtp}. */
    public int useSrtpId() {
        return useSrtpId;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    public int rtpAuthTagLength() {
        return rtpAuthTagLength;
    }

    public int rtcpAuthTagLength() {
        return rtcpAuthTagLength;
    }

    /** The profile with this {@code use_srtp} id, or {@code null} when unknown. */
    public static SrtpProfile fromUseSrtpId(int id) {
        for (SrtpProfile p : values()) {
            if (p.useSrtpId == id) {
                return p;
            }
        }
        return null;
    }
}

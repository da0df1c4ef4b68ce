package dev.sfu.core.srtp;

/**
 * The cryptographic transform of one profile, working on a byte array view of the packet (the
 * ByteBuf's backing array, or the context's scratch copy of a direct buffer). The context has already
 * parsed the packet, estimated the index and checked for replay; a transform only encrypts, decrypts
 * and authenticates.
 *
 * <p>Not thread-safe; owned by one {@link SrtpContext}.
 */
abstract sealed class SrtpTransform permits AesCmHmacSha1Transform, AesGcmTransform {

    static SrtpTransform create(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) {
        return profile.isAead()
                ? new AesGcmTransform(rtp, rtcp)
                : new AesCmHmacSha1Transform(rtp, rtcp, profile.rtpAuthTagLength(), profile.rtcpAuthTagLength());
    }

    /**
     * Encrypts {@code a[off+headerLength, +payloadLength)} and writes the tag right after it.
     *
     * @return false if the cipher refused (GCM nonce reuse)
     */
    abstract boolean protectRtp(byte[] a, int off, int headerLength, int payloadLength, int ssrc, long index);

    /** Verifies the tag following the payload and, only if it verifies, decrypts the payload. */
    abstract boolean unprotectRtp(byte[] a, int off, int headerLength, int payloadLength, int ssrc, long index);

    /**
     * Encrypts everything after the first 8 bytes of {@code a[off, off+length)} and appends the E|index
     * word and the tag in the profile's order.
     *
     * @return false if the cipher refused (GCM nonce reuse)
     */
    abstract boolean protectRtcp(byte[] a, int off, int length, int ssrc, int srtcpIndex);

    /**
     * Verifies the tag of an SRTCP packet whose plaintext part is {@code a[off, off+length)} and, only if
     * it verifies and {@code encrypted} (the E flag), decrypts it.
     */
    abstract boolean unprotectRtcp(byte[] a, int off, int length, int ssrc, int srtcpIndex, boolean encrypted);

    static void putInt(byte[] a, int off, int v) {
        a[off] = (byte) (v >>> 24);
        a[off + 1] = (byte) (v >>> 16);
        a[off + 2] = (byte) (v >>> 8);
        a[off + 3] = (byte) v;
    }

    /**
     * Compares {@code n} bytes in time independent of where they differ, so the tag check leaks no
     * timing signal an attacker could use to forge a tag byte by byte.
     */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}

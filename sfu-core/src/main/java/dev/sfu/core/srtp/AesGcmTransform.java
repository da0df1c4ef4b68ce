package dev.sfu.core.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714) on one reused {@code AES/GCM/NoPadding} cipher.
 *
 * <pre>
 * SRTP  IV (§8.1) = (00 00 || SSRC || ROC || SEQ)          XOR salt     AAD (§8.2) = RTP header incl. CSRCs, extension
 * SRTCP IV (§9.1) = (00 00 || SSRC || 00 00 || 0 || index) XOR salt     AAD (§9.2) = first 8 bytes || E|index
 * SRTP  packet = header || ciphertext || tag(16)
 * SRTCP packet = header(8) || ciphertext || tag(16) || E|index
 * </pre>
 *
 * <p>Allocation: the JCA only accepts a nonce through a new {@link GCMParameterSpec} per
 * {@code init}, so each packet allocates that object (and its 12-byte IV copy), plus whatever the
 * JDK's GCM {@code init} and {@code doFinal} allocate internally: measured on JDK 17 at about 1 KB per
 * packet of 1100 bytes (SrtpAllocationTest), the same whether the output overlaps the input or not.
 * The IV source array is reused.
 *
 * <p>The JDK refuses to encrypt twice in a row under the same key and nonce; that refusal surfaces as
 * {@link SrtpResult#INDEX_EXHAUSTED} rather than being worked around, because reusing a GCM nonce on
 * different plaintext reveals the authentication key.
 */
final class AesGcmTransform extends SrtpTransform {
    static final int TAG_LENGTH = 16;

    private final Cipher gcm;
    private final SecretKey rtpKey;
    private final SecretKey rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[12];

    AesGcmTransform(SrtpSessionKeys rtp, SrtpSessionKeys rtcp) {
        try {
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
        this.rtpKey = new SecretKeySpec(rtp.cipherKey(), "AES");
        this.rtcpKey = new SecretKeySpec(rtcp.cipherKey(), "AES");
        this.rtpSalt = rtp.salt().clone();
        this.rtcpSalt = rtcp.salt().clone();
    }

    @Override
    boolean protectRtp(byte[] a, int off, int headerLength, int payloadLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(a, off, headerLength);
            gcm.doFinal(a, off + headerLength, payloadLength, a, off + headerLength);
            return true;
        } catch (InvalidAlgorithmParameterException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    boolean unprotectRtp(byte[] a, int off, int headerLength, int payloadLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(a, off, headerLength);
            gcm.doFinal(a, off + headerLength, payloadLength + TAG_LENGTH, a, off + headerLength);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    boolean protectRtcp(byte[] a, int off, int length, int ssrc, int srtcpIndex) {
        rtcpIv(ssrc, srtcpIndex);
        int eIndex = off + length + TAG_LENGTH;
        putInt(a, eIndex, 0x80000000 | srtcpIndex); // beyond what doFinal writes
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(a, off, 8);
            gcm.updateAAD(a, eIndex, 4);
            gcm.doFinal(a, off + 8, length - 8, a, off + 8);
            return true;
        } catch (InvalidAlgorithmParameterException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    boolean unprotectRtcp(byte[] a, int off, int length, int ssrc, int srtcpIndex, boolean encrypted) {
        rtcpIv(ssrc, srtcpIndex);
        int eIndex = off + length + TAG_LENGTH;
        // RFC 7714 §9.2/§9.3: with E = 1 only the first 8 bytes are AAD; with E = 0 the whole packet is.
        int aad = encrypted ? 8 : length;
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(a, off, aad);
            gcm.updateAAD(a, eIndex, 4);
            gcm.doFinal(a, off + aad, length - aad + TAG_LENGTH, a, off + aad);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void rtpIv(int ssrc, long index) {
        int roc = (int) (index >>> 16);
        iv[0] = rtpSalt[0];
        iv[1] = rtpSalt[1];
        iv[2] = (byte) (rtpSalt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (rtpSalt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (rtpSalt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (rtpSalt[5] ^ ssrc);
        iv[6] = (byte) (rtpSalt[6] ^ (roc >>> 24));
        iv[7] = (byte) (rtpSalt[7] ^ (roc >>> 16));
        iv[8] = (byte) (rtpSalt[8] ^ (roc >>> 8));
        iv[9] = (byte) (rtpSalt[9] ^ roc);
        iv[10] = (byte) (rtpSalt[10] ^ (index >>> 8));
        iv[11] = (byte) (rtpSalt[11] ^ index);
    }

    private void rtcpIv(int ssrc, int srtcpIndex) {
        iv[0] = rtcpSalt[0];
        iv[1] = rtcpSalt[1];
        iv[2] = (byte) (rtcpSalt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (rtcpSalt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (rtcpSalt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (rtcpSalt[5] ^ ssrc);
        iv[6] = rtcpSalt[6];
        iv[7] = rtcpSalt[7];
        iv[8] = (byte) (rtcpSalt[8] ^ (srtcpIndex >>> 24));
        iv[9] = (byte) (rtcpSalt[9] ^ (srtcpIndex >>> 16));
        iv[10] = (byte) (rtcpSalt[10] ^ (srtcpIndex >>> 8));
        iv[11] = (byte) (rtcpSalt[11] ^ srtcpIndex);
    }
}

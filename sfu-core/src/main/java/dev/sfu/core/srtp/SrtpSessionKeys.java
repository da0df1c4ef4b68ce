package dev.sfu.core.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session keys of one direction of SRTP or SRTCP, derived from the master key and salt with the
 * AES-CM pseudo-random function of RFC 3711 §4.3.1 and §4.3.3, key derivation rate 0.
 *
 * <pre>
 * key_id = label || r          (r = index DIV kdr = 0 when kdr = 0, 48 bits)
 * x      = key_id XOR master_salt   (right-aligned in 112 bits; label lands in byte 7)
 * key    = AES-CM(master_key, IV = x * 2^16), first n bytes
 * </pre>
 *
 * For AEAD_AES_128_GCM the 96-bit master salt is used left-aligned in the 112-bit field (zero-padded),
 * as RFC 7714 §11 and libsrtp do.
 *
 * @param cipherKey session encryption key (label 0 or 3)
 * @param authKey   session HMAC-SHA1 key, 20 bytes (label 1 or 4); empty for AEAD profiles
 * @param salt      session salt (label 2 or 5), as long as the profile's master salt
 */
record SrtpSessionKeys(byte[] cipherKey, byte[] authKey, byte[] salt) {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTHENTICATION = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTHENTICATION = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;
    /** RFC 3711 §4.3.2: the HMAC-SHA1 session key is 160 bits. */
    static final int AUTH_KEY_LENGTH = 20;

    /** Derives the SRTP ({@code rtcp == false}) or SRTCP session keys of {@code profile}. */
    static SrtpSessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean rtcp) {
        int base = rtcp ? LABEL_RTCP_ENCRYPTION : LABEL_RTP_ENCRYPTION;
        byte[] cipherKey = prf(masterKey, masterSalt, base, profile.masterKeyLength());
        byte[] authKey = profile.isAead() ? new byte[0] : prf(masterKey, masterSalt, base + 1, AUTH_KEY_LENGTH);
        byte[] salt = prf(masterKey, masterSalt, base + 2, profile.masterSaltLength());
        return new SrtpSessionKeys(cipherKey, authKey, salt);
    }

    /** RFC 3711 §4.3.3 AES-CM PRF for one label; runs at setup only, so it may allocate. */
    static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt longer than 112 bits");
        }
        byte[] x = new byte[16];
        System.arraycopy(masterSalt, 0, x, 0, masterSalt.length);
        x[7] ^= (byte) label;
        int blocks = (length + 15) / 16;
        byte[] counters = new byte[blocks * 16];
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(x, 0, counters, b * 16, 14);
            counters[b * 16 + 14] = (byte) (b >>> 8);
            counters[b * 16 + 15] = (byte) b;
        }
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] stream = ecb.doFinal(counters);
            byte[] out = new byte[length];
            System.arraycopy(stream, 0, out, 0, length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }
}

package dev.sfu.core.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over the JCA {@code SHA-1} {@link MessageDigest}, so the JDK's SHA intrinsics
 * apply. Unlike {@link javax.crypto.Mac#doFinal(byte[], int)}, which allocates the 20-byte digest on
 * every call, this writes into caller-owned arrays and allocates nothing per packet. It does the same
 * work as the JDK's HmacCore: the padded key blocks are re-hashed for every message.
 *
 * <p>Not thread-safe; owned by one {@link SrtpContext}.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];

    HmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key longer than one SHA-1 block");
        }
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
    }

    /** Starts a new message. */
    void start() {
        sha1.reset();
        sha1.update(ipad);
    }

    void update(byte[] data, int offset, int length) {
        sha1.update(data, offset, length);
    }

    /** Finishes the message and writes the 20-byte MAC to {@code out[0..20)}. */
    void finish(byte[] out) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(opad);
            sha1.update(inner);
            sha1.digest(out, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}

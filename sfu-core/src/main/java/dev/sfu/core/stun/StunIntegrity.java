package dev.sfu.core.stun;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5) and FINGERPRINT (§14.7) over a raw message. Stateless and
 * thread-safe; every call builds its own HMAC. Package-private: the public entry points are on {@link
 * StunMessage}.
 */
final class StunIntegrity {
    static final int HMAC_SHA1_LENGTH = 20;
    static final long FINGERPRINT_XOR = 0x5354554EL;

    private StunIntegrity() {}

    /**
     * HMAC-SHA1 over {@code buf[start, start + prefixLength)} with the header length field (bytes 2-3)
     * replaced by {@code lengthField}, as §14.5 asks: the length covers the message up to and
     * including MESSAGE-INTEGRITY, whatever follows it. The buffer is not modified.
     */
    static byte[] hmacSha1(byte[] key, ByteBuf buf, int start, int prefixLength, int lengthField) {
        HMac mac = new HMac(new SHA1Digest());
        mac.init(new KeyParameter(key));
        mac.update(buf.getByte(start));
        mac.update(buf.getByte(start + 1));
        mac.update((byte) (lengthField >>> 8));
        mac.update((byte) lengthField);
        update(mac, buf, start + 4, prefixLength - 4);
        byte[] out = new byte[HMAC_SHA1_LENGTH];
        mac.doFinal(out, 0);
        return out;
    }

    /** CRC-32 of {@code buf[start, start + length)} XOR 0x5354554e (§14.7). */
    static long fingerprint(ByteBuf buf, int start, int length) {
        CRC32 crc = new CRC32();
        if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(start, length));
        } else {
            for (ByteBuffer part : buf.nioBuffers(start, length)) {
                crc.update(part);
            }
        }
        return crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** Compares in time independent of where the arrays differ. */
    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static void update(HMac mac, ByteBuf buf, int index, int length) {
        if (length <= 0) {
            return;
        }
        if (buf.hasArray()) {
            mac.update(buf.array(), buf.arrayOffset() + index, length);
        } else {
            byte[] chunk = new byte[Math.min(length, 512)];
            int done = 0;
            while (done < length) {
                int n = Math.min(chunk.length, length - done);
                buf.getBytes(index + done, chunk, 0, n);
                mac.update(chunk, 0, n);
                done += n;
            }
        }
    }
}

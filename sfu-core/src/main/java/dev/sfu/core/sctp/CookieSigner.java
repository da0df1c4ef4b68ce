package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie of RFC 9260 §5.1.3: the server side puts everything it needs to build the association
 * into the INIT ACK's cookie, signed with HMAC-SHA256 under a random key of this association, and keeps no
 * state until a COOKIE ECHO brings it back (§5.1.5: MAC checked first, then the lifetime). A tampered cookie
 * fails the MAC; a stale one fails the lifetime check. Confined to the association's thread.
 *
 * <pre>
 *   version(1) localTag(4) localInitialTsn(4) peerTag(4) peerInitialTsn(4) peerRwnd(4)
 *   peerOutboundStreams(2) peerInboundStreams(2) peerSupportsForwardTsn(1) createdAtNanos(8)
 *   | HMAC-SHA256(32)
 * </pre>
 */
final class CookieSigner {
    /** The association parameters a valid cookie carries. */
    record Contents(long localTag, long localInitialTsn, long peerTag, long peerInitialTsn, long peerRwnd,
            int peerOutboundStreams, int peerInboundStreams, boolean peerSupportsForwardTsn,
            long createdAtNanos) {}

    enum Check { VALID, BAD_MAC, STALE }

    private static final int VERSION = 1;
    private static final int BODY_LENGTH = 1 + 4 * 5 + 2 * 2 + 1 + 8;
    private static final int MAC_LENGTH = 32;

    private final SecretKeySpec key;

    CookieSigner(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    Bytes sign(Contents contents) {
        byte[] cookie = new byte[BODY_LENGTH + MAC_LENGTH];
        ByteBuf out = Unpooled.wrappedBuffer(cookie).writerIndex(0);
        out.writeByte(VERSION);
        out.writeInt((int) contents.localTag());
        out.writeInt((int) contents.localInitialTsn());
        out.writeInt((int) contents.peerTag());
        out.writeInt((int) contents.peerInitialTsn());
        out.writeInt((int) contents.peerRwnd());
        out.writeShort(contents.peerOutboundStreams());
        out.writeShort(contents.peerInboundStreams());
        out.writeBoolean(contents.peerSupportsForwardTsn());
        out.writeLong(contents.createdAtNanos());
        out.writeBytes(mac(cookie));
        return Bytes.wrap(cookie);
    }

    /** Checks the MAC (constant time), then the age against {@code lifetimeNanos} at {@code now}. */
    Check check(Bytes cookie, long now, long lifetimeNanos) {
        byte[] bytes = cookie.array();
        if (bytes.length != BODY_LENGTH + MAC_LENGTH || bytes[0] != VERSION) {
            return Check.BAD_MAC;
        }
        byte[] expected = mac(bytes);
        byte[] received = Arrays.copyOfRange(bytes, BODY_LENGTH, bytes.length);
        if (!MessageDigest.isEqual(expected, received)) {
            return Check.BAD_MAC;
        }
        long age = now - read(bytes).createdAtNanos();
        return age < 0 || age > lifetimeNanos ? Check.STALE : Check.VALID;
    }

    /** The contents of a cookie that {@link #check} found valid. */
    Contents read(Bytes cookie) {
        return read(cookie.array());
    }

    private static Contents read(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        in.skipBytes(1);
        return new Contents(in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedInt(),
                in.readUnsignedInt(), in.readUnsignedShort(), in.readUnsignedShort(), in.readBoolean(), in.readLong());
    }

    private byte[] mac(byte[] cookie) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(cookie, 0, BODY_LENGTH);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

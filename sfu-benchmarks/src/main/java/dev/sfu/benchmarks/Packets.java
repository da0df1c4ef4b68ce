package dev.sfu.benchmarks;

import dev.sfu.core.srtp.SrtpContext;
import dev.sfu.core.srtp.SrtpProfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/** Test packets and keys shared by the benchmarks. */
final class Packets {
    /** Tag room every forwarded copy leaves, as ParticipantTransport.SRTP_TAILROOM. */
    static final int TAILROOM = 16 + 4;

    private Packets() {}

    /**
     * A VP8 packet as Chromium sends it: 12-byte header, a one-byte-header extension block with mid,
     * transport-cc sequence and abs-send-time (16 bytes), a 4-byte VP8 descriptor, payload up to {@code size}.
     */
    static ByteBuf videoPacket(int size) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(size + TAILROOM);
        b.writeByte(0x90); // V=2, X=1
        b.writeByte(96);
        b.writeShort(1000);
        b.writeInt(123_456);
        b.writeInt(0x1234_5678);
        b.writeShort(0xBEDE);
        b.writeShort(3); // 3 words of elements
        b.writeByte(0x40).writeByte('1'); // id 4 (mid), 1 byte
        b.writeByte(0x31).writeShort(77); // id 3 (transport-cc), 2 bytes
        b.writeByte(0x22).writeMedium(42); // id 2 (abs-send-time), 3 bytes
        b.writeZero(16 - 2 - 3 - 4 - 4); // pad the block to 3 words (12 bytes after its header)
        b.writeByte(0x90).writeByte(0x80).writeShort(0x8000 | 17);
        while (b.readableBytes() < size) {
            b.writeByte(b.readableBytes() * 31);
        }
        return b;
    }

    static SrtpContext context(SrtpProfile profile, int seed) {
        byte[] key = new byte[profile.masterKeyLength()];
        byte[] salt = new byte[profile.masterSaltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 7 + i);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (seed * 13 + i);
        }
        return new SrtpContext(profile, key, salt);
    }
}

package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * A chunk type this package does not model, kept raw with its type and flags. The two upper bits of the
 * type say what the receiver does with it (RFC 9260 §3.2): 00 stop processing and discard the packet,
 * 01 also report it in an ERROR, 10 skip the chunk, 11 skip and report.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                          Chunk Value                          /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record UnknownChunk(int type, int flags, Bytes value) implements Chunk {

    public UnknownChunk {
        ChunkHeader.checkRange("type", type, 0, 255);
        ChunkHeader.checkRange("flags", flags, 0, 255);
        ChunkHeader.checkValueLength("value", value.length());
    }

    static UnknownChunk parse(ByteBuf buf, int type, int flags, int offset, int length) {
        return new UnknownChunk(type, flags, Bytes.copyOf(buf, offset, length));
    }

    /** The upper two bits of the type (RFC 9260 §3.2), 0 to 3. */
    public int actionBits() {
        return type >>> 6;
    }

    @Override
    public int valueLength() {
        return value.length();
    }

    @Override
    public void writeValue(ByteBuf out) {
        value.writeTo(out);
    }
}

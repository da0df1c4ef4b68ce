package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Shutdown Association (SHUTDOWN), RFC 9260 §3.3.8.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 7    |  Chunk Flags  |          Length = 8           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Cumulative TSN Ack                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record ShutdownChunk(long cumulativeTsnAck) implements Chunk {
    public static final int TYPE = 7;

    public ShutdownChunk {
        ChunkHeader.checkU32("cumulativeTsnAck", cumulativeTsnAck);
    }

    static ShutdownChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length == 4, "SHUTDOWN length is not 8");
        return new ShutdownChunk(buf.getUnsignedInt(offset));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeInt((int) cumulativeTsnAck);
    }
}

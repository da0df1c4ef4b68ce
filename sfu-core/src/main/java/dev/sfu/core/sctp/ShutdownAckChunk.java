package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Shutdown Acknowledgement (SHUTDOWN ACK), RFC 9260 §3.3.9.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 8    |  Chunk Flags  |          Length = 4           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record ShutdownAckChunk() implements Chunk {
    public static final int TYPE = 8;

    static ShutdownAckChunk parse(int length) throws SctpException {
        SctpException.require(length == 0, "SHUTDOWN ACK length is not 4");
        return new ShutdownAckChunk();
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void writeValue(ByteBuf out) {
        // header only
    }
}

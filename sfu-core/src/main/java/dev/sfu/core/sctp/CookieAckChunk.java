package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Cookie Acknowledgement (COOKIE ACK), RFC 9260 §3.3.12.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 11   |  Chunk Flags  |          Length = 4           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record CookieAckChunk() implements Chunk {
    public static final int TYPE = 11;

    static CookieAckChunk parse(int length) throws SctpException {
        SctpException.require(length == 0, "COOKIE ACK length is not 4");
        return new CookieAckChunk();
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

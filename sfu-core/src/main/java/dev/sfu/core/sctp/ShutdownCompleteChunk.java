package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Shutdown Complete (SHUTDOWN COMPLETE), RFC 9260 §3.3.13.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 14   |  Reserved   |T|          Length = 4           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param tagReflected the T bit: the sender used the receiver's own verification tag (§8.5.1)
 */
public record ShutdownCompleteChunk(boolean tagReflected) implements Chunk {
    public static final int TYPE = 14;

    static ShutdownCompleteChunk parse(int flags, int length) throws SctpException {
        SctpException.require(length == 0, "SHUTDOWN COMPLETE length is not 4");
        return new ShutdownCompleteChunk((flags & 0x01) != 0);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int flags() {
        return tagReflected ? 0x01 : 0;
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

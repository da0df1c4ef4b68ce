package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * State Cookie (COOKIE ECHO), RFC 9260 §3.3.11: the cookie of the INIT ACK, sent back unchanged.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 10   |  Chunk Flags  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                            Cookie                             /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record CookieEchoChunk(Bytes cookie) implements Chunk {
    public static final int TYPE = 10;

    public CookieEchoChunk {
        ChunkHeader.checkValueLength("cookie", cookie.length());
    }

    static CookieEchoChunk parse(ByteBuf buf, int offset, int length) {
        return new CookieEchoChunk(Bytes.copyOf(buf, offset, length));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return cookie.length();
    }

    @Override
    public void writeValue(ByteBuf out) {
        cookie.writeTo(out);
    }
}

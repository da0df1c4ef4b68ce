package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * State Cookie parameter of INIT ACK (RFC 9260 §3.3.3.1), opaque to its receiver.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Parameter Type = 7     |       Parameter Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                            Cookie                             /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record StateCookie(Bytes cookie) implements InitParameter {
    public static final int TYPE = 7;

    public StateCookie {
        ChunkHeader.checkValueLength("cookie", cookie.length());
    }

    static StateCookie parse(ByteBuf buf, int offset, int length) {
        return new StateCookie(Bytes.copyOf(buf, offset, length));
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

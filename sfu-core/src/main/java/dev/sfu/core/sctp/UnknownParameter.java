package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * A parameter this package does not model, kept raw. Its type's two upper bits are the action the
 * receiver takes (RFC 9260 §3.2.1): 00 stop and discard, 01 stop, discard and report, 10 skip, 11 skip
 * and report.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Parameter Type         |       Parameter Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                       Parameter Value                         /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record UnknownParameter(int type, Bytes value) implements InitParameter, ReConfigParameter {

    public UnknownParameter {
        ChunkHeader.checkU16("type", type);
        ChunkHeader.checkValueLength("value", value.length());
    }

    static UnknownParameter parse(int type, ByteBuf buf, int offset, int length) {
        return new UnknownParameter(type, Bytes.copyOf(buf, offset, length));
    }

    /** The upper two bits of the type (RFC 9260 §3.2.1), 0 to 3. */
    public int actionBits() {
        return type >>> 14;
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

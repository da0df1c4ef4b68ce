package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * One error cause of ERROR or ABORT (RFC 9260 §3.3.10), kept raw with its code: the association decides
 * what a cause means.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Cause Code           |         Cause Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                    Cause-Specific Information                 /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record ErrorCause(int code, Bytes information) implements Tlv {
    /** Cause codes of RFC 9260 §3.3.10 used by WebRTC peers. */
    public static final int INVALID_STREAM_IDENTIFIER = 1;
    public static final int PROTOCOL_VIOLATION = 13;
    public static final int USER_INITIATED_ABORT = 12;
    public static final int NO_USER_DATA = 9;

    public ErrorCause {
        ChunkHeader.checkU16("code", code);
        ChunkHeader.checkValueLength("information", information.length());
    }

    static ErrorCause parse(int code, ByteBuf buf, int offset, int length) {
        return new ErrorCause(code, Bytes.copyOf(buf, offset, length));
    }

    @Override
    public int type() {
        return code;
    }

    @Override
    public int valueLength() {
        return information.length();
    }

    @Override
    public void writeValue(ByteBuf out) {
        information.writeTo(out);
    }
}

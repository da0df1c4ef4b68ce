package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Forward-TSN-Supported parameter (RFC 3758 §3.1): the sender understands FORWARD TSN (partial
 * reliability).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Parameter Type = 49152     |  Parameter Length = 4         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record ForwardTsnSupported() implements InitParameter {
    public static final int TYPE = 0xC000;

    static ForwardTsnSupported parse(int length) throws SctpException {
        SctpException.require(length == 0, "Forward-TSN-Supported parameter with a value");
        return new ForwardTsnSupported();
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
        // no value
    }
}

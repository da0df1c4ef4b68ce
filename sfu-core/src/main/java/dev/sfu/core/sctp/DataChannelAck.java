package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * DATA_CHANNEL_ACK (RFC 8832 §5.2): the answer to DATA_CHANNEL_OPEN on the same stream.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |  Message Type |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 */
public record DataChannelAck() implements DcepMessage {
    public static final int MESSAGE_TYPE = 0x02;

    static DataChannelAck parse(int length) throws SctpException {
        SctpException.require(length == 1, "DATA_CHANNEL_ACK longer than 1 byte");
        return new DataChannelAck();
    }

    @Override
    public int encodedLength() {
        return 1;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeByte(MESSAGE_TYPE);
    }
}

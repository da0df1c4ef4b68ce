package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A Data Channel Establishment Protocol message (RFC 8832 §5), the user data of a DATA chunk with PPID
 * {@link PayloadProtocolIdentifier#DCEP}. The first byte is the Message Type.
 */
public sealed interface DcepMessage permits DataChannelOpen, DataChannelAck {

    int encodedLength();

    void writeTo(ByteBuf out);

    /** Parses the readable bytes of {@code buf} without moving its indexes. */
    static DcepMessage parse(ByteBuf buf) throws SctpException {
        int offset = buf.readerIndex();
        int length = buf.readableBytes();
        SctpException.require(length >= 1, "empty DCEP message");
        return switch (buf.getUnsignedByte(offset)) {
            case DataChannelOpen.MESSAGE_TYPE -> DataChannelOpen.parse(buf, offset, length);
            case DataChannelAck.MESSAGE_TYPE -> DataChannelAck.parse(length);
            default -> throw new SctpException("unknown DCEP message type " + buf.getUnsignedByte(offset));
        };
    }

    /** Parses the user data of a DCEP DATA chunk. */
    static DcepMessage parse(Bytes userData) throws SctpException {
        ByteBuf buf = Unpooled.wrappedBuffer(userData.toArray());
        try {
            return parse(buf);
        } finally {
            buf.release();
        }
    }
}

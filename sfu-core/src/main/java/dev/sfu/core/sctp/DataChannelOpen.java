package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * DATA_CHANNEL_OPEN (RFC 8832 §5.1): opens a channel on the stream it arrives on. Label and Protocol are
 * UTF-8; a message with invalid UTF-8 is malformed.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Message Type |  Channel Type |            Priority           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Reliability Parameter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Label Length          |       Protocol Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               /
 * |                             Label                             |
 * /                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               /
 * |                            Protocol                           |
 * /                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param reliabilityParameter retransmissions (REXMIT types) or lifetime in ms (TIMED types); ignored and
 *     sent as 0 by peers for the reliable types
 */
public record DataChannelOpen(
        DataChannelType channelType, int priority, long reliabilityParameter, String label, String protocol)
        implements DcepMessage {
    public static final int MESSAGE_TYPE = 0x03;
    private static final int FIXED_LENGTH = 12;

    public DataChannelOpen {
        if (channelType == null || label == null || protocol == null) {
            throw new NullPointerException("channelType, label and protocol are required");
        }
        ChunkHeader.checkU16("priority", priority);
        ChunkHeader.checkU32("reliabilityParameter", reliabilityParameter);
        ChunkHeader.checkU16("label length", utf8(label).length);
        ChunkHeader.checkU16("protocol length", utf8(protocol).length);
    }

    static DataChannelOpen parse(ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length >= FIXED_LENGTH, "DATA_CHANNEL_OPEN shorter than 12 bytes");
        int channelTypeCode = buf.getUnsignedByte(offset + 1);
        DataChannelType channelType = DataChannelType.fromCode(channelTypeCode)
                .orElseThrow(() -> new SctpException("unknown DCEP channel type " + channelTypeCode));
        int labelLength = buf.getUnsignedShort(offset + 8);
        int protocolLength = buf.getUnsignedShort(offset + 10);
        SctpException.require(FIXED_LENGTH + labelLength + protocolLength == length,
                "DATA_CHANNEL_OPEN label and protocol lengths do not match the message");
        return new DataChannelOpen(channelType, buf.getUnsignedShort(offset + 2), buf.getUnsignedInt(offset + 4),
                decode(buf, offset + FIXED_LENGTH, labelLength),
                decode(buf, offset + FIXED_LENGTH + labelLength, protocolLength));
    }

    private static String decode(ByteBuf buf, int offset, int length) throws SctpException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(buf.nioBuffer(offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new SctpException("DATA_CHANNEL_OPEN label or protocol is not UTF-8");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int encodedLength() {
        return FIXED_LENGTH + utf8(label).length + utf8(protocol).length;
    }

    @Override
    public void writeTo(ByteBuf out) {
        byte[] labelBytes = utf8(label);
        byte[] protocolBytes = utf8(protocol);
        out.writeByte(MESSAGE_TYPE);
        out.writeByte(channelType.code());
        out.writeShort(priority);
        out.writeInt((int) reliabilityParameter);
        out.writeShort(labelBytes.length);
        out.writeShort(protocolBytes.length);
        out.writeBytes(labelBytes);
        out.writeBytes(protocolBytes);
    }
}

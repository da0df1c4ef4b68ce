package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Payload Data (DATA), RFC 9260 §3.3.1, with the I bit of RFC 7053. A DATA chunk without user data
 * parses (the association answers it with a "No User Data" ABORT, §3.3.1); the user data is copied out of
 * the datagram, so the record owns no buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 0    |  Res  |I|U|B|E|            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Stream Identifier S      |   Stream Sequence Number n    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Payload Protocol Identifier                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                 User Data (seq n of Stream S)                 /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param immediate the I bit: the receiver should SACK without delay (RFC 7053)
 * @param unordered the U bit
 * @param beginning the B bit: first fragment of a user message
 * @param ending the E bit: last fragment of a user message
 */
public record DataChunk(
        boolean immediate,
        boolean unordered,
        boolean beginning,
        boolean ending,
        long tsn,
        int streamIdentifier,
        int streamSequenceNumber,
        long payloadProtocolIdentifier,
        Bytes userData)
        implements Chunk {
    public static final int TYPE = 0;
    private static final int FIXED_LENGTH = 12;

    public DataChunk {
        ChunkHeader.checkU32("tsn", tsn);
        ChunkHeader.checkU16("streamIdentifier", streamIdentifier);
        ChunkHeader.checkU16("streamSequenceNumber", streamSequenceNumber);
        ChunkHeader.checkU32("payloadProtocolIdentifier", payloadProtocolIdentifier);
        ChunkHeader.checkValueLength("userData", FIXED_LENGTH + (long) userData.length());
    }

    static DataChunk parse(ByteBuf buf, int flags, int offset, int length) throws SctpException {
        SctpException.require(length >= FIXED_LENGTH, "DATA chunk shorter than 16 bytes");
        return new DataChunk(
                (flags & 0x08) != 0,
                (flags & 0x04) != 0,
                (flags & 0x02) != 0,
                (flags & 0x01) != 0,
                buf.getUnsignedInt(offset),
                buf.getUnsignedShort(offset + 4),
                buf.getUnsignedShort(offset + 6),
                buf.getUnsignedInt(offset + 8),
                Bytes.copyOf(buf, offset + FIXED_LENGTH, length - FIXED_LENGTH));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int flags() {
        return (immediate ? 0x08 : 0) | (unordered ? 0x04 : 0) | (beginning ? 0x02 : 0) | (ending ? 0x01 : 0);
    }

    @Override
    public int valueLength() {
        return FIXED_LENGTH + userData.length();
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeInt((int) tsn);
        out.writeShort(streamIdentifier);
        out.writeShort(streamSequenceNumber);
        out.writeInt((int) payloadProtocolIdentifier);
        userData.writeTo(out);
    }
}

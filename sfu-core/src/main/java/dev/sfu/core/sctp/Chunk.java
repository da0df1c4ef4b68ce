package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * One chunk of an SCTP packet (RFC 9260 §3.2). {@link #encodedLength()} counts the chunk with its
 * padding to a multiple of 4, which {@link #writeTo(ByteBuf)} writes as zeros; the Chunk Length field
 * itself excludes that padding.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                          Chunk Value                          /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public sealed interface Chunk
        permits DataChunk, InitChunk, InitAckChunk, SackChunk, HeartbeatChunk, HeartbeatAckChunk,
                AbortChunk, ShutdownChunk, ShutdownAckChunk, ShutdownCompleteChunk, ErrorChunk,
                CookieEchoChunk, CookieAckChunk, ForwardTsnChunk, ReConfigChunk, UnknownChunk {

    /** The Chunk Type (RFC 9260 §3.2, RFC 3758, RFC 6525). */
    int type();

    /** The Chunk Flags byte; zero for the chunk types that define none. */
    default int flags() {
        return 0;
    }

    /** Length of the Chunk Value: the Chunk Length field minus the 4-byte header. */
    int valueLength();

    /** Writes the Chunk Value, without the header and without trailing padding. */
    void writeValue(ByteBuf out);

    /** Bytes on the wire, header and trailing padding included. */
    default int encodedLength() {
        return ChunkHeader.LENGTH + ChunkHeader.padded(valueLength());
    }

    /** Writes header, value and zero padding to a multiple of 4. */
    default void writeTo(ByteBuf out) {
        int valueLength = valueLength();
        out.writeByte(type());
        out.writeByte(flags());
        out.writeShort(ChunkHeader.LENGTH + valueLength);
        writeValue(out);
        out.writeZero(ChunkHeader.padded(valueLength) - valueLength);
    }
}

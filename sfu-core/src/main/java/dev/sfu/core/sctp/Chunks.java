package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Splits the bytes after the common header into chunks and hands each to its codec. */
public final class Chunks {
    private Chunks() {}

    /**
     * Parses the chunks filling {@code [offset, end)} of {@code buf}. Every chunk, the last one included,
     * must be followed by its padding to a multiple of 4 (RFC 9260 §3.2); the padding's content is
     * ignored. Does not move the buffer's indexes.
     */
    public static List<Chunk> parse(ByteBuf buf, int offset, int end) throws SctpException {
        SctpException.require(offset >= 0 && offset <= end && end <= buf.writerIndex(),
                "chunk region outside the buffer");
        List<Chunk> chunks = new ArrayList<>();
        while (offset < end) {
            SctpException.require(end - offset >= ChunkHeader.LENGTH, "chunk header truncated");
            int type = buf.getUnsignedByte(offset);
            int flags = buf.getUnsignedByte(offset + 1);
            int length = buf.getUnsignedShort(offset + 2);
            SctpException.require(length >= ChunkHeader.LENGTH, "chunk length below 4: " + length);
            SctpException.require(ChunkHeader.padded(length) <= end - offset,
                    "chunk length " + length + " with its padding runs past the packet");
            chunks.add(parseOne(buf, type, flags, offset + ChunkHeader.LENGTH, length - ChunkHeader.LENGTH));
            offset += ChunkHeader.padded(length);
        }
        return chunks;
    }

    private static Chunk parseOne(ByteBuf buf, int type, int flags, int offset, int length) throws SctpException {
        return switch (type) {
            case DataChunk.TYPE -> DataChunk.parse(buf, flags, offset, length);
            case InitChunk.TYPE -> InitChunk.parse(buf, offset, length);
            case InitAckChunk.TYPE -> InitAckChunk.parse(buf, offset, length);
            case SackChunk.TYPE -> SackChunk.parse(buf, offset, length);
            case HeartbeatChunk.TYPE -> HeartbeatChunk.parse(buf, offset, length);
            case HeartbeatAckChunk.TYPE -> HeartbeatAckChunk.parse(buf, offset, length);
            case AbortChunk.TYPE -> AbortChunk.parse(buf, flags, offset, length);
            case ShutdownChunk.TYPE -> ShutdownChunk.parse(buf, offset, length);
            case ShutdownAckChunk.TYPE -> ShutdownAckChunk.parse(length);
            case ErrorChunk.TYPE -> ErrorChunk.parse(buf, offset, length);
            case CookieEchoChunk.TYPE -> CookieEchoChunk.parse(buf, offset, length);
            case CookieAckChunk.TYPE -> CookieAckChunk.parse(length);
            case ShutdownCompleteChunk.TYPE -> ShutdownCompleteChunk.parse(flags, length);
            case ForwardTsnChunk.TYPE -> ForwardTsnChunk.parse(buf, offset, length);
            case ReConfigChunk.TYPE -> ReConfigChunk.parse(buf, offset, length);
            default -> UnknownChunk.parse(buf, type, flags, offset, length);
        };
    }
}

package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward Cumulative TSN (FORWARD TSN), RFC 3758 §3.2: the receiver moves its cumulative TSN forward past
 * abandoned messages, and on each listed ordered stream skips to the given sequence number.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      New Cumulative TSN                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Stream-1              |       Stream Sequence-1       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               /
 * /                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Stream-N              |       Stream Sequence-N       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record ForwardTsnChunk(long newCumulativeTsn, List<SkippedStream> streams) implements Chunk {
    public static final int TYPE = 192;

    /** One Stream / Stream Sequence pair. */
    public record SkippedStream(int streamIdentifier, int streamSequenceNumber) {
        public SkippedStream {
            ChunkHeader.checkU16("streamIdentifier", streamIdentifier);
            ChunkHeader.checkU16("streamSequenceNumber", streamSequenceNumber);
        }
    }

    public ForwardTsnChunk {
        ChunkHeader.checkU32("newCumulativeTsn", newCumulativeTsn);
        streams = List.copyOf(streams);
        ChunkHeader.checkValueLength("streams", 4 + 4L * streams.size());
    }

    static ForwardTsnChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length >= 4 && length % 4 == 0, "FORWARD TSN length is not 8 + 4n");
        List<SkippedStream> streams = new ArrayList<>((length - 4) / 4);
        for (int at = offset + 4; at < offset + length; at += 4) {
            streams.add(new SkippedStream(buf.getUnsignedShort(at), buf.getUnsignedShort(at + 2)));
        }
        return new ForwardTsnChunk(buf.getUnsignedInt(offset), streams);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 4 + 4 * streams.size();
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeInt((int) newCumulativeTsn);
        for (SkippedStream stream : streams) {
            out.writeShort(stream.streamIdentifier());
            out.writeShort(stream.streamSequenceNumber());
        }
    }
}

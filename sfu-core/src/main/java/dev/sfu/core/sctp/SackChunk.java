package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Selective Acknowledgement (SACK), RFC 9260 §3.3.4. Gap Ack Block bounds are offsets from the
 * Cumulative TSN Ack.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 3    |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Cumulative TSN Ack                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Advertised Receiver Window Credit (a_rwnd)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                                                               /
 * \                              ...                              \
 * /                                                               /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Gap Ack Block #N Start     |     Gap Ack Block #N End      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Duplicate TSN 1                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                                                               /
 * \                              ...                              \
 * /                                                               /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Duplicate TSN M                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record SackChunk(
        long cumulativeTsnAck,
        long advertisedReceiverWindowCredit,
        List<GapAckBlock> gapAckBlocks,
        List<Long> duplicateTsns)
        implements Chunk {
    public static final int TYPE = 3;
    private static final int FIXED_LENGTH = 12;

    /** TSNs cumulativeTsnAck + start through cumulativeTsnAck + end were received. */
    public record GapAckBlock(int start, int end) {
        public GapAckBlock {
            ChunkHeader.checkU16("start", start);
            ChunkHeader.checkU16("end", end);
        }
    }

    public SackChunk {
        ChunkHeader.checkU32("cumulativeTsnAck", cumulativeTsnAck);
        ChunkHeader.checkU32("advertisedReceiverWindowCredit", advertisedReceiverWindowCredit);
        gapAckBlocks = List.copyOf(gapAckBlocks);
        duplicateTsns = List.copyOf(duplicateTsns);
        for (long tsn : duplicateTsns) {
            ChunkHeader.checkU32("duplicate TSN", tsn);
        }
        ChunkHeader.checkValueLength("SACK", FIXED_LENGTH + 4L * gapAckBlocks.size() + 4L * duplicateTsns.size());
    }

    static SackChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length >= FIXED_LENGTH, "SACK chunk shorter than 16 bytes");
        int gapCount = buf.getUnsignedShort(offset + 8);
        int duplicateCount = buf.getUnsignedShort(offset + 10);
        SctpException.require(length == FIXED_LENGTH + 4 * (gapCount + duplicateCount),
                "SACK length does not match its block counts");
        List<GapAckBlock> gaps = new ArrayList<>(gapCount);
        int at = offset + FIXED_LENGTH;
        for (int i = 0; i < gapCount; i++, at += 4) {
            gaps.add(new GapAckBlock(buf.getUnsignedShort(at), buf.getUnsignedShort(at + 2)));
        }
        List<Long> duplicates = new ArrayList<>(duplicateCount);
        for (int i = 0; i < duplicateCount; i++, at += 4) {
            duplicates.add(buf.getUnsignedInt(at));
        }
        return new SackChunk(buf.getUnsignedInt(offset), buf.getUnsignedInt(offset + 4), gaps, duplicates);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return FIXED_LENGTH + 4 * gapAckBlocks.size() + 4 * duplicateTsns.size();
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeInt((int) cumulativeTsnAck);
        out.writeInt((int) advertisedReceiverWindowCredit);
        out.writeShort(gapAckBlocks.size());
        out.writeShort(duplicateTsns.size());
        for (GapAckBlock block : gapAckBlocks) {
            out.writeShort(block.start());
            out.writeShort(block.end());
        }
        for (long tsn : duplicateTsns) {
            out.writeInt((int) tsn);
        }
    }
}

package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** The fixed fields and parameter run that INIT and INIT ACK share (RFC 9260 §3.3.2, §3.3.3). */
final class InitFields {
    static final int FIXED_LENGTH = 16;

    private InitFields() {}

    /** The parsed value of an INIT or INIT ACK chunk. */
    record Values(long initiateTag, long advertisedReceiverWindowCredit, int outboundStreams,
            int inboundStreams, long initialTsn, List<InitParameter> parameters) {}

    static Values parse(String chunkName, ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length >= FIXED_LENGTH, chunkName + " chunk shorter than 20 bytes");
        return new Values(
                buf.getUnsignedInt(offset),
                buf.getUnsignedInt(offset + 4),
                buf.getUnsignedShort(offset + 8),
                buf.getUnsignedShort(offset + 10),
                buf.getUnsignedInt(offset + 12),
                Tlvs.parse(buf, offset + FIXED_LENGTH, offset + length, InitParameter::parse));
    }

    static void check(long initiateTag, long advertisedReceiverWindowCredit, int outboundStreams,
            int inboundStreams, long initialTsn) {
        ChunkHeader.checkU32("initiateTag", initiateTag);
        ChunkHeader.checkU32("advertisedReceiverWindowCredit", advertisedReceiverWindowCredit);
        ChunkHeader.checkU16("outboundStreams", outboundStreams);
        ChunkHeader.checkU16("inboundStreams", inboundStreams);
        ChunkHeader.checkU32("initialTsn", initialTsn);
    }

    static void write(ByteBuf out, long initiateTag, long advertisedReceiverWindowCredit, int outboundStreams,
            int inboundStreams, long initialTsn, List<InitParameter> parameters) {
        out.writeInt((int) initiateTag);
        out.writeInt((int) advertisedReceiverWindowCredit);
        out.writeShort(outboundStreams);
        out.writeShort(inboundStreams);
        out.writeInt((int) initialTsn);
        Tlvs.write(out, parameters);
    }
}

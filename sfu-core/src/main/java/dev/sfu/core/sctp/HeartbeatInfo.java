package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * The Heartbeat Information TLV that HEARTBEAT and HEARTBEAT ACK carry (RFC 9260 §3.3.5, §3.3.6): the
 * sender's opaque data, echoed back unchanged.
 */
final class HeartbeatInfo {
    static final int TYPE = 1;

    private HeartbeatInfo() {}

    static Bytes parse(String chunkName, ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length >= ChunkHeader.LENGTH, chunkName + " chunk without Heartbeat Info");
        int type = buf.getUnsignedShort(offset);
        int infoLength = buf.getUnsignedShort(offset + 2);
        SctpException.require(type == TYPE, chunkName + " parameter is not Heartbeat Info: " + type);
        SctpException.require(infoLength >= ChunkHeader.LENGTH && infoLength <= length,
                chunkName + " Heartbeat Info length " + infoLength + " outside the chunk");
        return Bytes.copyOf(buf, offset + ChunkHeader.LENGTH, infoLength - ChunkHeader.LENGTH);
    }

    static void check(Bytes info) {
        ChunkHeader.checkValueLength("heartbeatInformation", ChunkHeader.LENGTH + (long) info.length());
    }

    static void write(ByteBuf out, Bytes info) {
        out.writeShort(TYPE);
        out.writeShort(ChunkHeader.LENGTH + info.length());
        info.writeTo(out);
    }
}

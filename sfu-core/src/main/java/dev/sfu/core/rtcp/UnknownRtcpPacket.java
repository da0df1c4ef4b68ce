package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Any RTCP packet this package does not model (transport-cc, XR, APP, other feedback), kept as its
 * body so that a compound still parses and can be forwarded.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 body (padding removed) ...                    |
 * </pre>
 *
 * @param body the bytes after the common header without padding; written back with padding (and
 *     the P bit) when its length is not a multiple of 4. The array is copied in and out.
 */
public record UnknownRtcpPacket(int packetType, int countOrFormat, byte[] body) implements RtcpPacket {

    public UnknownRtcpPacket {
        RtcpHeader.checkRange("packetType", packetType, 0, 255);
        RtcpHeader.checkRange("countOrFormat", countOrFormat, 0, 31);
        body = body.clone();
        RtcpHeader.checkRange("body length", body.length, 0, 0xFFFF * 4);
    }

    static UnknownRtcpPacket parse(ByteBuf buf, int packetType, int countOrFormat, int offset, int length) {
        byte[] body = new byte[length];
        buf.getBytes(offset, body);
        return new UnknownRtcpPacket(packetType, countOrFormat, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public int encodedLength() {
        return RtcpHeader.LENGTH + ((body.length + 3) & ~3);
    }

    @Override
    public void writeTo(ByteBuf out) {
        int length = encodedLength();
        int padding = length - RtcpHeader.LENGTH - body.length;
        out.writeByte(0x80 | (padding > 0 ? 0x20 : 0) | countOrFormat);
        out.writeByte(packetType);
        out.writeShort(length / 4 - 1);
        out.writeBytes(body);
        if (padding > 0) {
            out.writeZero(padding - 1);
            out.writeByte(padding);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRtcpPacket other
                && packetType == other.packetType
                && countOrFormat == other.countOrFormat
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return (packetType * 31 + countOrFormat) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownRtcpPacket[packetType=" + packetType + ", countOrFormat=" + countOrFormat
                + ", body=" + HexFormat.of().formatHex(body) + "]";
    }
}

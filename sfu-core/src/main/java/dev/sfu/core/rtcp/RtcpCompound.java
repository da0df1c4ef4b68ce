package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * A compound RTCP packet (RFC 3550 §6.1): RTCP packets stacked back to back in one datagram.
 *
 * <pre>
 * [--------- datagram, already SRTCP-decrypted -------------]
 * [SR or RR][SDES][BYE][RTPFB][PSFB] ...   each with its own common header:
 * |V=2|P| RC/FMT  |      PT       |  length (32-bit words - 1)    |
 * </pre>
 *
 * <p>Parsing checks every packet's version and length against the bytes left and every padding count
 * against its packet, and throws {@link RtcpException} and nothing else on malformed input. The first
 * packet is not required to be an SR or RR, so reduced-size RTCP (RFC 5506) parses as well. Stateless
 * and thread-safe.
 */
public final class RtcpCompound {
    private RtcpCompound() {}

    /** Parses the readable bytes of {@code buf} without changing its indexes. */
    public static List<RtcpPacket> parse(ByteBuf buf) throws RtcpException {
        int index = buf.readerIndex();
        int end = buf.writerIndex();
        RtcpHeader.require(index < end, "empty RTCP packet");
        List<RtcpPacket> packets = new ArrayList<>(4);
        while (index < end) {
            RtcpHeader.require(end - index >= RtcpHeader.LENGTH, "RTCP header truncated");
            int b0 = buf.getUnsignedByte(index);
            RtcpHeader.require(b0 >> 6 == 2, "RTCP version is not 2");
            int total = (buf.getUnsignedShort(index + 2) + 1) * 4;
            RtcpHeader.require(total <= end - index, "RTCP length beyond the datagram");
            int bodyLength = total - RtcpHeader.LENGTH;
            if ((b0 & 0x20) != 0) {
                int padding = buf.getUnsignedByte(index + total - 1);
                RtcpHeader.require(padding >= 1 && padding <= bodyLength, "RTCP padding count invalid");
                bodyLength -= padding;
            }
            packets.add(parseOne(buf, b0 & 0x1F, buf.getUnsignedByte(index + 1), index + 4, bodyLength));
            index += total;
        }
        return packets;
    }

    private static RtcpPacket parseOne(ByteBuf buf, int count, int packetType, int offset, int length)
            throws RtcpException {
        switch (packetType) {
            case RtcpHeader.SR:
                return SenderReport.parse(buf, count, offset, length);
            case RtcpHeader.RR:
                return ReceiverReport.parse(buf, count, offset, length);
            case RtcpHeader.SDES:
                return SourceDescription.parse(buf, count, offset, length);
            case RtcpHeader.BYE:
                return Goodbye.parse(buf, count, offset, length);
            case RtcpHeader.RTPFB:
                if (count == TransportLayerNack.FMT) {
                    return TransportLayerNack.parse(buf, offset, length);
                }
                if (count == TransportWideFeedback.FMT) {
                    return TransportWideFeedback.parse(buf, offset, length);
                }
                break;
            case RtcpHeader.PSFB:
                if (count == PictureLossIndication.FMT) {
                    return PictureLossIndication.parse(buf, offset, length);
                }
                if (count == FullIntraRequest.FMT) {
                    return FullIntraRequest.parse(buf, offset, length);
                }
                if (count == ReceiverEstimatedMaxBitrate.FMT
                        && ReceiverEstimatedMaxBitrate.isRemb(buf, offset, length)) {
                    return ReceiverEstimatedMaxBitrate.parse(buf, offset, length);
                }
                break;
            default:
                break;
        }
        return UnknownRtcpPacket.parse(buf, packetType, count, offset, length);
    }

    /** Total encoded length of {@code packets}. */
    public static int encodedLength(List<? extends RtcpPacket> packets) {
        int length = 0;
        for (RtcpPacket packet : packets) {
            length += packet.encodedLength();
        }
        return length;
    }

    /** Writes {@code packets} into a new buffer from {@code alloc}; the caller owns and releases it. */
    public static ByteBuf encode(ByteBufAllocator alloc, List<? extends RtcpPacket> packets) {
        ByteBuf out = alloc.buffer(encodedLength(packets));
        try {
            for (RtcpPacket packet : packets) {
                packet.writeTo(out);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}

package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * One RTCP packet of a compound (RFC 3550 §6). Implementations are immutable records; they are
 * parsed by {@link RtcpCompound#parse} and written by {@link #writeTo}.
 */
public sealed interface RtcpPacket
        permits SenderReport,
                ReceiverReport,
                SourceDescription,
                Goodbye,
                TransportLayerNack,
                PictureLossIndication,
                FullIntraRequest,
                ReceiverEstimatedMaxBitrate,
                TransportWideFeedback,
                UnknownRtcpPacket {

    /** Bytes {@link #writeTo} writes, a multiple of 4 including the 4-byte common header. */
    int encodedLength();

    /** Appends the packet, common header included, at {@code out.writerIndex()}. */
    void writeTo(ByteBuf out);
}

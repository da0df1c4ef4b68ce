package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * A report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes.
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * @param cumulativeLost a signed 24-bit value (duplicates can make it negative)
 */
public record ReceptionReport(
        long ssrc,
        int fractionLost,
        int cumulativeLost,
        long extendedHighestSequence,
        long jitter,
        long lastSenderReport,
        long delaySinceLastSenderReport) {
    static final int LENGTH = 24;

    public ReceptionReport {
        RtcpHeader.checkU32("ssrc", ssrc);
        RtcpHeader.checkRange("fractionLost", fractionLost, 0, 255);
        RtcpHeader.checkRange("cumulativeLost", cumulativeLost, -0x80_0000, 0x7F_FFFF);
        RtcpHeader.checkU32("extendedHighestSequence", extendedHighestSequence);
        RtcpHeader.checkU32("jitter", jitter);
        RtcpHeader.checkU32("lastSenderReport", lastSenderReport);
        RtcpHeader.checkU32("delaySinceLastSenderReport", delaySinceLastSenderReport);
    }

    /** Reads a block at {@code offset}; the caller has checked that 24 bytes are there. */
    static ReceptionReport read(ByteBuf buf, int offset) {
        int lost = buf.getMedium(offset + 5); // sign-extends the 24-bit value
        return new ReceptionReport(
                buf.getUnsignedInt(offset),
                buf.getUnsignedByte(offset + 4),
                lost,
                buf.getUnsignedInt(offset + 8),
                buf.getUnsignedInt(offset + 12),
                buf.getUnsignedInt(offset + 16),
                buf.getUnsignedInt(offset + 20));
    }

    void writeTo(ByteBuf out) {
        out.writeInt((int) ssrc);
        out.writeByte(fractionLost);
        out.writeMedium(cumulativeLost);
        out.writeInt((int) extendedHighestSequence);
        out.writeInt((int) jitter);
        out.writeInt((int) lastSenderReport);
        out.writeInt((int) delaySinceLastSenderReport);
    }
}

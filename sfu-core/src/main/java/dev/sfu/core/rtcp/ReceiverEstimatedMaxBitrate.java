package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2): an application layer
 * feedback message (PT=206, FMT=15) tagged "REMB". The bitrate is {@code mantissa << exp}; the
 * constructor rounds {@code bitrateBps} down to the nearest value that encoding represents, so a
 * record equals its decoded encoding.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (0)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   SSRC feedback                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ...                                                          |
 * </pre>
 */
public record ReceiverEstimatedMaxBitrate(long senderSsrc, long bitrateBps, List<Long> ssrcs)
        implements RtcpPacket {
    static final int FMT = 15;
    static final int UNIQUE_ID = 0x52454D42; // "REMB"
    private static final int MANTISSA_BITS = 18;
    private static final long MAX_MANTISSA = (1L << MANTISSA_BITS) - 1;

    public ReceiverEstimatedMaxBitrate {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("negative bitrate: " + bitrateBps);
        }
        bitrateBps = mantissa(bitrateBps) << exponent(bitrateBps);
        ssrcs = List.copyOf(ssrcs);
        RtcpHeader.checkRange("ssrcs", ssrcs.size(), 0, 255);
        for (long ssrc : ssrcs) {
            RtcpHeader.checkU32("ssrc", ssrc);
        }
    }

    /** The 6-bit exponent that encodes {@code bitrate} (the smallest that fits the mantissa). */
    public static int exponent(long bitrate) {
        return Math.max(0, 64 - Long.numberOfLeadingZeros(bitrate) - MANTISSA_BITS);
    }

    /** The 18-bit mantissa that encodes {@code bitrate}, rounding down. */
    public static long mantissa(long bitrate) {
        return bitrate >>> exponent(bitrate);
    }

    /** True when the AFB body at {@code offset} carries the "REMB" identifier. */
    static boolean isRemb(ByteBuf buf, int offset, int length) {
        return length >= 12 && buf.getInt(offset + 8) == UNIQUE_ID;
    }

    static ReceiverEstimatedMaxBitrate parse(ByteBuf buf, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= 16, "REMB shorter than 20 bytes");
        int count = buf.getUnsignedByte(offset + 12);
        RtcpHeader.require(length >= 16 + 4 * count, "REMB shorter than its SSRC count");
        int exp = buf.getUnsignedByte(offset + 13) >> 2;
        long mantissa = buf.getUnsignedMedium(offset + 13) & MAX_MANTISSA;
        long bitrate = mantissa == 0 ? 0
                : exp >= Long.numberOfLeadingZeros(mantissa) ? Long.MAX_VALUE : mantissa << exp;
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(buf.getUnsignedInt(offset + 16 + 4 * i));
        }
        return new ReceiverEstimatedMaxBitrate(buf.getUnsignedInt(offset), bitrate, ssrcs);
    }

    @Override
    public int encodedLength() {
        return 20 + 4 * ssrcs.size();
    }

    @Override
    public void writeTo(ByteBuf out) {
        RtcpHeader.write(out, FMT, RtcpHeader.PSFB, encodedLength());
        out.writeInt((int) senderSsrc);
        out.writeInt(0);
        out.writeInt(UNIQUE_ID);
        out.writeByte(ssrcs.size());
        out.writeMedium((exponent(bitrateBps) << MANTISSA_BITS) | (int) mantissa(bitrateBps));
        for (long ssrc : ssrcs) {
            out.writeInt((int) ssrc);
        }
    }
}

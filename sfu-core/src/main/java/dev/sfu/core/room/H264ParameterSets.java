package dev.sfu.core.room;

import dev.sfu.core.rtp.H264Payload;
import dev.sfu.core.rtp.H264SequenceParameterSet;
import dev.sfu.core.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The latest SPS and PPS (RFC 6184 §1.3, NAL types 7 and 8) of one H264 layer, as they arrived in single NAL
 * unit packets or inside STAP-As, so a receiver starting on the layer at a keyframe that does not carry them
 * (an encoder that sends them only once) still gets them first: {@link #writeStapA} puts both into one
 * STAP-A (§5.7.1) that is sent just before the keyframe. The SPS also gives the layer's picture size, which an
 * H264 keyframe does not carry (VP8's does): the allocator maps a receiver's rendered size to a layer by it.
 *
 * <p>Copies into two fixed arrays (parameter sets are tens of bytes; larger ones are not kept): nothing is
 * allocated per packet. Confined to the room's event loop.
 */
final class H264ParameterSets {
    static final int MAX_NAL_BYTES = 256;

    private final byte[] sps = new byte[MAX_NAL_BYTES];
    private final byte[] pps = new byte[MAX_NAL_BYTES];
    private int spsLength;
    private int ppsLength;
    private final H264SequenceParameterSet size = new H264SequenceParameterSet();

    /** Keeps an aggregated NAL unit that is an SPS or PPS; never stops the walk. */
    private final H264Payload.NalUnitVisitor keepParameterSet = (buf, offset, size) -> {
        int type = buf.getByte(offset) & 0x1F;
        if (type == H264Payload.NAL_SPS || type == H264Payload.NAL_PPS) {
            keep(buf, offset, size, type);
        }
        return false;
    };

    /** Looks at one H264 payload; keeps the SPS/PPS it carries. Reads stay inside the payload. */
    void onPayload(ByteBuf buf, int payloadOffset, int payloadLength) {
        if (payloadLength < 1) {
            return;
        }
        int type = buf.getByte(payloadOffset) & 0x1F;
        if (type == H264Payload.NAL_SPS || type == H264Payload.NAL_PPS) {
            keep(buf, payloadOffset, payloadLength, type);
        } else if (type == H264Payload.NAL_STAP_A) {
            H264Payload.forEachAggregated(buf, payloadOffset, payloadLength, keepParameterSet);
        }
    }

    private void keep(ByteBuf buf, int offset, int length, int type) {
        if (length > MAX_NAL_BYTES) {
            return;
        }
        if (type == H264Payload.NAL_SPS) {
            buf.getBytes(offset, sps, 0, length);
            spsLength = length;
            size.parse(sps, 0, length); // a malformed SPS leaves the last size
        } else {
            buf.getBytes(offset, pps, 0, length);
            ppsLength = length;
        }
    }

    /** The picture width the latest well-formed SPS declares, 0 before one arrived. */
    int width() {
        return size.width();
    }

    /** The picture height the latest well-formed SPS declares, 0 before one arrived. */
    int height() {
        return size.height();
    }

    /** Both an SPS and a PPS are known. */
    boolean complete() {
        return spsLength > 0 && ppsLength > 0;
    }

    /** Length of the STAP-A payload {@link #writeStapA} writes. */
    int stapALength() {
        return 1 + 2 + spsLength + 2 + ppsLength;
    }

    /** A pooled RTP packet (no extensions, no marker) carrying {@link #writeStapA}; the caller sends it. */
    ByteBuf stapAPacket(ByteBufAllocator alloc, int payloadType, int sequence, long timestamp, long ssrc,
            int tailroom) {
        ByteBuf out = alloc.directBuffer(RtpPacket.FIXED_HEADER_LENGTH + stapALength() + tailroom);
        out.writeByte(0x80);
        out.writeByte(payloadType);
        out.writeShort(sequence);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
        writeStapA(out);
        return out;
    }

    /**
     * Writes {@code | STAP-A NAL HDR | SPS size | SPS | PPS size | PPS |}; the header's NRI is the highest of
     * the two NAL units' (§5.7.1: the F bit is the OR of theirs).
     */
    void writeStapA(ByteBuf out) {
        int forbidden = (sps[0] | pps[0]) & 0x80;
        int nri = Math.max(sps[0] & 0x60, pps[0] & 0x60);
        out.writeByte(forbidden | nri | H264Payload.NAL_STAP_A);
        out.writeShort(spsLength);
        out.writeBytes(sps, 0, spsLength);
        out.writeShort(ppsLength);
        out.writeBytes(pps, 0, ppsLength);
    }
}

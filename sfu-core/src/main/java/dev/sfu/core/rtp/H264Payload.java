package dev.sfu.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * H.264 RTP payload inspection (RFC 6184 §5.2-§5.8), static over {@code (buf, payloadOffset,
 * payloadLength)}; reads stay inside that range.
 *
 * <pre>
 * NAL unit header (§1.3):      STAP-A (§5.7.1):                 FU-A (§5.8):
 * +---------------+            | STAP-A NAL HDR | NALU 1 Size  |  | FU indicator | FU header |
 * |F|NRI|  Type   |            | NALU 1 HDR | NALU 1 Data ... |  |F|NRI| Type=28|S|E|R| Type|
 * +---------------+            | NALU 2 Size | NALU 2 HDR ...  |
 * </pre>
 */
public final class H264Payload {
    public static final int NAL_IDR = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int NAL_STAP_A = 24;
    public static final int NAL_FU_A = 28;

    private H264Payload() {}

    /** One NAL unit inside an aggregation packet: return true to stop the walk. */
    @FunctionalInterface
    public interface NalUnitVisitor {
        boolean visit(ByteBuf buf, int nalOffset, int nalSize);
    }

    private static final NalUnitVisitor KEYFRAME_NAL = (buf, offset, size) -> isKeyframeNal(buf.getByte(offset) & 0x1F);
    private static final NalUnitVisitor SPS_NAL = (buf, offset, size) -> (buf.getByte(offset) & 0x1F) == NAL_SPS;

    /**
     * Walks the NAL units of a STAP-A payload (RFC 6184 §5.7.1: after the STAP-A header, 16-bit size then NAL
     * unit, repeated) in order. Reads stay inside the payload; a zero or overlong size ends the walk.
     *
     * @return true when the visitor stopped the walk
     */
    public static boolean forEachAggregated(ByteBuf buf, int payloadOffset, int payloadLength, NalUnitVisitor visitor) {
        int index = payloadOffset + 1;
        int end = payloadOffset + payloadLength;
        while (index + 2 < end) {
            int size = buf.getUnsignedShort(index);
            index += 2;
            if (size == 0 || index + size > end) {
                return false;
            }
            if (visitor.visit(buf, index, size)) {
                return true;
            }
            index += size;
        }
        return false;
    }

    /**
     * True when the payload carries an IDR slice (type 5) or an SPS (type 7): as a single NAL unit,
     * inside a STAP-A, or at the start (S bit) of an FU-A fragment.
     */
    public static boolean isKeyframe(ByteBuf buf, int payloadOffset, int payloadLength) {
        if (payloadLength < 1) {
            return false;
        }
        int type = buf.getByte(payloadOffset) & 0x1F;
        if (type == NAL_STAP_A) {
            return forEachAggregated(buf, payloadOffset, payloadLength, KEYFRAME_NAL);
        }
        if (type == NAL_FU_A) {
            if (payloadLength < 2) {
                return false;
            }
            int fuHeader = buf.getByte(payloadOffset + 1);
            return (fuHeader & 0x80) != 0 && isKeyframeNal(fuHeader & 0x1F);
        }
        return isKeyframeNal(type);
    }

    /**
     * True when the payload carries an SPS (type 7): as a single NAL unit or inside a STAP-A. A keyframe whose
     * first packet does not is preceded by the layer's stored parameter sets when a receiver starts on it.
     */
    public static boolean carriesSps(ByteBuf buf, int payloadOffset, int payloadLength) {
        if (payloadLength < 1) {
            return false;
        }
        int type = buf.getByte(payloadOffset) & 0x1F;
        if (type != NAL_STAP_A) {
            return type == NAL_SPS;
        }
        return forEachAggregated(buf, payloadOffset, payloadLength, SPS_NAL);
    }

    private static boolean isKeyframeNal(int type) {
        return type == NAL_IDR || type == NAL_SPS;
    }
}

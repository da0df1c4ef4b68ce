package dev.sfu.core.room;

import dev.sfu.core.rtp.H264Payload;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;

/**
 * Keyframe recognition for a publication, once per packet for all its receivers: VP8 from the fields its
 * {@link SourcePacket} parsed, H264 from the NAL units (RFC 6184), other codecs by the VP8 reading of the payload.
 * Static, so that the per-packet call is a direct one; allocates nothing. Confined to the room's event loop.
 */
final class KeyframeStarts {
    private KeyframeStarts() {}

    /**
     * Whether {@code source} (a video packet of {@code layer}) starts a keyframe; if so the layer hears it, with
     * the frame's size when the codec shows it.
     *
     * @param vp8 a VP8 track: read from the fields {@link SourcePacket#parseVp8} parsed
     * @param h264 an H264 track: its SPS/PPS are kept in the layer's {@link H264ParameterSets} on the way
     */
    static boolean detect(Layer layer, SourcePacket source, boolean vp8, boolean h264, long now) {
        int length = source.payloadLength();
        if (length <= 0) {
            return false;
        }
        if (vp8) {
            if (source.vp8Keyframe()) {
                layer.onKeyframe(source.keyframeWidth(), source.keyframeHeight(), source.timestamp(), now);
                return true;
            }
            return false;
        }
        if (h264) {
            ByteBuf packet = source.buffer();
            int offset = packet.readerIndex() + source.payloadOffset();
            H264ParameterSets parameterSets = layer.parameterSets();
            if (parameterSets != null) {
                parameterSets.onPayload(packet, offset, length);
            }
            if (H264Payload.isKeyframe(packet, offset, length)) {
                // The size comes from the SPS (this packet's, or the last one's): H264 keyframes carry none.
                layer.onKeyframe(parameterSets == null ? 0 : parameterSets.width(),
                        parameterSets == null ? 0 : parameterSets.height(), source.timestamp(), now);
                return true;
            }
            return false;
        }
        ByteBuf packet = source.buffer();
        int offset = packet.readerIndex() + source.payloadOffset();
        if (Vp8PayloadDescriptor.isKeyframe(packet, offset, length)) {
            layer.onKeyframe(Vp8PayloadDescriptor.keyframeWidth(packet, offset, length),
                    Vp8PayloadDescriptor.keyframeHeight(packet, offset, length), source.timestamp(), now);
            return true;
        }
        return false;
    }
}

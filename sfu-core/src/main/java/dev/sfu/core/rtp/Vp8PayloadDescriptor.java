package dev.sfu.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * VP8 payload descriptor (RFC 7741 §4.2) and, for keyframes, the VP8 frame header (RFC 6386 §9.1).
 * Static accessors over {@code (buf, payloadOffset, payloadLength)}, where the offset is absolute and
 * the range is the RTP payload without padding. Nothing reads outside that range: a method whose
 * field is absent or lies beyond the payload returns -1 (or false).
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |X|R|N|S|R| PID | (REQUIRED)
 *       +-+-+-+-+-+-+-+-+
 *  X:   |I|L|T|K| RSV   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PictureID   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *       |   PictureID   | (present if M = 1)
 *       +-+-+-+-+-+-+-+-+
 *  L:   |   TL0PICIDX   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The VP8 payload header that follows the descriptor at the start of a frame (RFC 7741 §4.3):
 *
 * <pre>
 *       |Size0|H| VER |P|   P = 0 for a keyframe (inverse key frame flag)
 *       |     Size1     |
 *       |     Size2     |
 *  keyframe only (RFC 6386 §9.1):
 *       | 0x9d | 0x01 | 0x2a |  start code
 *       | horizontal scale (2) | width (14) |  little endian
 *       | vertical scale (2)   | height (14)|  little endian
 * </pre>
 */
public final class Vp8PayloadDescriptor {
    private static final int X = 0x80;
    private static final int N = 0x20;
    private static final int S = 0x10;
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int T = 0x20;
    private static final int K = 0x10;
    private static final int M = 0x80;

    private Vp8PayloadDescriptor() {}

    /** Length of the payload descriptor in bytes, or -1 when it does not fit in the payload. */
    public static int descriptorLength(ByteBuf buf, int payloadOffset, int payloadLength) {
        if (payloadLength < 1) {
            return -1;
        }
        int length = 1;
        if ((buf.getByte(payloadOffset) & X) != 0) {
            if (payloadLength < 2) {
                return -1;
            }
            int ext = buf.getByte(payloadOffset + 1);
            length = 2;
            if ((ext & I) != 0) {
                if (payloadLength < 3) {
                    return -1;
                }
                length += (buf.getByte(payloadOffset + 2) & M) != 0 ? 2 : 1;
            }
            if ((ext & L) != 0) {
                length++;
            }
            if ((ext & (T | K)) != 0) {
                length++;
            }
        }
        return length > payloadLength ? -1 : length;
    }

    /** N bit: the frame can be discarded without affecting others. */
    public static boolean isNonReference(ByteBuf buf, int payloadOffset, int payloadLength) {
        return payloadLength >= 1 && (buf.getByte(payloadOffset) & N) != 0;
    }

    /** S bit: the first byte of the payload after the descriptor starts a VP8 partition. */
    public static boolean isStartOfPartition(ByteBuf buf, int payloadOffset, int payloadLength) {
        return payloadLength >= 1 && (buf.getByte(payloadOffset) & S) != 0;
    }

    /** PID: the partition index, or -1 for an empty payload. */
    public static int partitionIndex(ByteBuf buf, int payloadOffset, int payloadLength) {
        return payloadLength >= 1 ? buf.getByte(payloadOffset) & 0x07 : -1;
    }

    /** S = 1 and PID = 0: the packet starts a frame. */
    public static boolean isStartOfFrame(ByteBuf buf, int payloadOffset, int payloadLength) {
        return payloadLength >= 1 && (buf.getByte(payloadOffset) & (S | 0x07)) == S;
    }

    /** Start of a frame whose VP8 payload header has P = 0 (a keyframe). */
    public static boolean isKeyframe(ByteBuf buf, int payloadOffset, int payloadLength) {
        int d = descriptorLength(buf, payloadOffset, payloadLength);
        return d >= 0
                && d < payloadLength
                && isStartOfFrame(buf, payloadOffset, payloadLength)
                && (buf.getByte(payloadOffset + d) & 0x01) == 0;
    }

    /** Width in pixels from a keyframe header (14 bits, scale dropped), or -1 when not a keyframe. */
    public static int keyframeWidth(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = keyframeSizeOffset(buf, payloadOffset, payloadLength);
        return at < 0 ? -1 : buf.getUnsignedShortLE(at) & 0x3FFF;
    }

    /** Height in pixels from a keyframe header (14 bits, scale dropped), or -1 when not a keyframe. */
    public static int keyframeHeight(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = keyframeSizeOffset(buf, payloadOffset, payloadLength);
        return at < 0 ? -1 : buf.getUnsignedShortLE(at + 2) & 0x3FFF;
    }

    private static int keyframeSizeOffset(ByteBuf buf, int payloadOffset, int payloadLength) {
        if (!isKeyframe(buf, payloadOffset, payloadLength)) {
            return -1;
        }
        int d = descriptorLength(buf, payloadOffset, payloadLength);
        if (payloadLength - d < 10) {
            return -1;
        }
        int start = payloadOffset + d + 3;
        if (buf.getUnsignedByte(start) != 0x9d
                || buf.getUnsignedByte(start + 1) != 0x01
                || buf.getUnsignedByte(start + 2) != 0x2a) {
            return -1;
        }
        return start + 3;
    }

    /** Picture id (7 or 15 bits), or -1 when absent or the descriptor is malformed. */
    public static int pictureId(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = pictureIdOffset(buf, payloadOffset, payloadLength);
        if (at < 0) {
            return -1;
        }
        int b = buf.getUnsignedByte(at);
        return (b & M) != 0 ? ((b & 0x7F) << 8) | buf.getUnsignedByte(at + 1) : b;
    }

    /** Bytes taken by the picture id: 0 (absent or malformed), 1 (7-bit) or 2 (15-bit). */
    public static int pictureIdLength(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = pictureIdOffset(buf, payloadOffset, payloadLength);
        if (at < 0) {
            return 0;
        }
        return (buf.getByte(at) & M) != 0 ? 2 : 1;
    }

    /**
     * Rewrites the picture id keeping its width (masked to 7 or 15 bits). Returns false, writing
     * nothing, when the descriptor has no picture id.
     */
    public static boolean setPictureId(ByteBuf buf, int payloadOffset, int payloadLength, int pictureId) {
        int at = pictureIdOffset(buf, payloadOffset, payloadLength);
        if (at < 0) {
            return false;
        }
        if ((buf.getByte(at) & M) != 0) {
            buf.setShort(at, 0x8000 | (pictureId & 0x7FFF));
        } else {
            buf.setByte(at, pictureId & 0x7F);
        }
        return true;
    }

    /** TL0PICIDX, or -1 when absent or the descriptor is malformed. */
    public static int tl0PicIdx(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = tl0PicIdxOffset(buf, payloadOffset, payloadLength);
        return at < 0 ? -1 : buf.getUnsignedByte(at);
    }

    /** Rewrites TL0PICIDX; returns false, writing nothing, when it is absent. */
    public static boolean setTl0PicIdx(ByteBuf buf, int payloadOffset, int payloadLength, int tl0PicIdx) {
        int at = tl0PicIdxOffset(buf, payloadOffset, payloadLength);
        if (at < 0) {
            return false;
        }
        buf.setByte(at, tl0PicIdx);
        return true;
    }

    /** TID (0..3), or -1 when the T bit is clear or the descriptor is malformed. */
    public static int temporalLayerId(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = tidOffset(buf, payloadOffset, payloadLength, T);
        return at < 0 ? -1 : buf.getUnsignedByte(at) >> 6;
    }

    /** Y bit (layer sync); false when the T bit is clear or the descriptor is malformed. */
    public static boolean layerSync(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = tidOffset(buf, payloadOffset, payloadLength, T);
        return at >= 0 && (buf.getByte(at) & 0x20) != 0;
    }

    /** KEYIDX (0..31), or -1 when the K bit is clear or the descriptor is malformed. */
    public static int keyIndex(ByteBuf buf, int payloadOffset, int payloadLength) {
        int at = tidOffset(buf, payloadOffset, payloadLength, K);
        return at < 0 ? -1 : buf.getByte(at) & 0x1F;
    }

    private static int extensionBits(ByteBuf buf, int payloadOffset, int payloadLength) {
        if (descriptorLength(buf, payloadOffset, payloadLength) < 0
                || (buf.getByte(payloadOffset) & X) == 0) {
            return -1;
        }
        return buf.getUnsignedByte(payloadOffset + 1);
    }

    private static int pictureIdOffset(ByteBuf buf, int payloadOffset, int payloadLength) {
        int ext = extensionBits(buf, payloadOffset, payloadLength);
        return ext < 0 || (ext & I) == 0 ? -1 : payloadOffset + 2;
    }

    private static int tl0PicIdxOffset(ByteBuf buf, int payloadOffset, int payloadLength) {
        int ext = extensionBits(buf, payloadOffset, payloadLength);
        if (ext < 0 || (ext & L) == 0) {
            return -1;
        }
        return payloadOffset + 2 + pictureIdLength(buf, payloadOffset, payloadLength);
    }

    private static int tidOffset(ByteBuf buf, int payloadOffset, int payloadLength, int bit) {
        int ext = extensionBits(buf, payloadOffset, payloadLength);
        if (ext < 0 || (ext & bit) == 0) {
            return -1;
        }
        return payloadOffset + 2 + pictureIdLength(buf, payloadOffset, payloadLength) + ((ext & L) != 0 ? 1 : 0);
    }
}

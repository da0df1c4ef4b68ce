package dev.sfu.core.room;

/**
 * The VP8 fields of one {@link SourcePacket} (RFC 7741), read once from its array: the picture id, TL0PICIDX and
 * TID of the payload descriptor, with where they sit so that each receiver's copy can rewrite them, and whether the
 * packet starts a keyframe, with its size. Kept apart from the RTP header so that the packet reads as the header,
 * the copy and the rewrite. Reused with its packet; confined to the room's event loop.
 */
final class Vp8Fields {
    /** The packet starts a keyframe (S = 1, PID = 0, P = 0), and its size when the frame header shows it. */
    boolean keyframe;
    int keyframeWidth;
    int keyframeHeight;
    /** -1 when absent; the positions are relative to the payload start. */
    int pictureId;
    int pictureIdAt;
    boolean longPictureId;
    int tl0PicIdx;
    int tl0PicIdxAt;
    int temporalLayer;

    /** Forgets the last packet's fields (every load: the codec is known only once the SSRC is routed). */
    void reset() {
        pictureId = -1;
        pictureIdAt = -1;
        longPictureId = false;
        tl0PicIdx = -1;
        tl0PicIdxAt = -1;
        temporalLayer = -1;
        keyframe = false;
        keyframeWidth = -1;
        keyframeHeight = -1;
    }

    /** Reads the payload descriptor and keyframe header of the payload {@code bytes[payload..payload + length)}. */
    void parse(byte[] bytes, int payload, int length) {
        parseDescriptor(bytes, payload, length);
        parseKeyframe(bytes, payload, length);
    }

    /**
     * RFC 7741 §4.2-4.3, the same reading as {@link dev.sfu.core.rtp.Vp8PayloadDescriptor#isKeyframe} and
     * {@code keyframeWidth/Height}: the start of partition 0 whose VP8 payload header has P = 0; its size from the
     * keyframe header (start code 9d 01 2a, then 14-bit width and height, little-endian).
     */
    private void parseKeyframe(byte[] bytes, int p, int n) {
        if (n < 1) {
            return;
        }
        int d = 1;
        if ((bytes[p] & 0x80) != 0) {
            if (n < 2) {
                return;
            }
            int ext = bytes[p + 1];
            d = 2;
            if ((ext & 0x80) != 0) {
                if (n < 3) {
                    return;
                }
                d += (bytes[p + 2] & 0x80) != 0 ? 2 : 1;
            }
            if ((ext & 0x40) != 0) {
                d++;
            }
            if ((ext & 0x30) != 0) {
                d++;
            }
        }
        if (d >= n || (bytes[p] & 0x17) != 0x10 || (bytes[p + d] & 0x01) != 0) {
            return;
        }
        keyframe = true;
        int start = p + d + 3;
        if (n - d >= 10 && (bytes[start] & 0xFF) == 0x9d && bytes[start + 1] == 0x01 && bytes[start + 2] == 0x2a) {
            keyframeWidth = (bytes[start + 3] & 0xFF | (bytes[start + 4] & 0xFF) << 8) & 0x3FFF;
            keyframeHeight = (bytes[start + 5] & 0xFF | (bytes[start + 6] & 0xFF) << 8) & 0x3FFF;
        }
    }

    /** RFC 7741 §4.2, the same reading as {@link dev.sfu.core.rtp.Vp8PayloadDescriptor}: nothing when it overruns. */
    private void parseDescriptor(byte[] bytes, int p, int n) {
        if (n < 2 || (bytes[p] & 0x80) == 0) {
            return;
        }
        int ext = bytes[p + 1] & 0xFF;
        boolean hasPictureId = (ext & 0x80) != 0;
        if (hasPictureId && n < 3) {
            return;
        }
        boolean longId = hasPictureId && (bytes[p + 2] & 0x80) != 0;
        int afterPictureId = 2 + (hasPictureId ? (longId ? 2 : 1) : 0);
        int descriptor = afterPictureId + ((ext & 0x40) != 0 ? 1 : 0) + ((ext & 0x30) != 0 ? 1 : 0);
        if (descriptor > n) {
            return;
        }
        if (hasPictureId) {
            pictureIdAt = 2;
            longPictureId = longId;
            pictureId = longId ? (bytes[p + 2] & 0x7F) << 8 | bytes[p + 3] & 0xFF : bytes[p + 2] & 0x7F;
        }
        int at = afterPictureId;
        if ((ext & 0x40) != 0) {
            tl0PicIdxAt = at;
            tl0PicIdx = bytes[p + at] & 0xFF;
            at++;
        }
        if ((ext & 0x20) != 0) {
            temporalLayer = (bytes[p + at] & 0xFF) >> 6;
        }
    }
}

package dev.sfu.core.rtp;

/**
 * The RFC 8285 header extension walk, over a packet held in a byte array: the one implementation behind
 * {@link RtpPacket#findExtension} (a {@code ByteBuf}) and the routing's parsed packet (its heap copy), so that
 * the two cannot drift apart. Stateless; allocates nothing.
 *
 * <pre>
 * one-byte:  |  ID   |  L    | data (L+1 bytes) ...   ID 0 = padding byte, ID 15 = stop
 * two-byte:  |      ID       |    length     | data (length bytes) ...   ID 0 = padding byte
 * </pre>
 */
public final class HeaderExtensions {
    private HeaderExtensions() {}

    /**
     * Finds element {@code id} (one-byte form, ids 1..14, or two-byte form, ids 1..255) in the packet that starts
     * at {@code bytes[start]} and whose header, already validated ({@link RtpPacket#headerLength}), is
     * {@code headerLength} bytes long. Returns -1 when the packet has no extension block, uses another profile, or
     * has no such element; otherwise {@code ((long) arrayIndex << 16) | length}, to be taken apart with
     * {@link RtpPacket#extensionOffset(long)} and {@link RtpPacket#extensionLength(long)}.
     */
    public static long find(byte[] bytes, int start, int headerLength, int id) {
        if (id <= 0 || id > 255 || (bytes[start] & 0x10) == 0) {
            return -1;
        }
        int blockStart = start + RtpPacket.FIXED_HEADER_LENGTH + 4 * (bytes[start] & 0x0F);
        int profile = (bytes[blockStart] & 0xFF) << 8 | bytes[blockStart + 1] & 0xFF;
        boolean oneByte = profile == RtpPacket.ONE_BYTE_PROFILE;
        if (oneByte ? id > 14 : (profile & 0xFFF0) != RtpPacket.TWO_BYTE_PROFILE) {
            return -1;
        }
        int index = blockStart + 4;
        int end = start + headerLength;
        while (index < end) {
            int elementId = oneByte ? (bytes[index] & 0xFF) >> 4 : bytes[index] & 0xFF;
            if (elementId == 0) {
                index++;
                continue;
            }
            if (oneByte && elementId == 15 || !oneByte && index + 2 > end) {
                return -1;
            }
            int data = index + (oneByte ? 1 : 2);
            int length = oneByte ? (bytes[index] & 0x0F) + 1 : bytes[index + 1] & 0xFF;
            if (data + length > end) {
                return -1;
            }
            if (elementId == id) {
                return ((long) data << 16) | length;
            }
            index = data + length;
        }
        return -1;
    }
}

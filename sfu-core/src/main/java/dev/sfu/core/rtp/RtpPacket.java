package dev.sfu.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Allocation-free view over an RTP packet held in a {@link ByteBuf} (RFC 3550 §5.1, RFC 8285).
 *
 * <p>The packet starts at {@code buf.readerIndex()} and ends at {@code buf.writerIndex()}. No method
 * changes either index. Call {@link #headerLength(ByteBuf)} once per packet: when it returns a value
 * other than {@code -1}, the header is well formed and every other accessor stays inside the packet.
 * The field accessors themselves do not validate; they read fixed offsets of the 12-byte fixed header
 * and therefore require at least 12 readable bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * |                             ....                              |
 * </pre>
 *
 * <p>Not thread-safe by itself: the buffer is confined to the event loop that owns the packet.
 */
public final class RtpPacket {
    /** Length of the fixed header, before CSRCs and extensions. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** "defined by profile" value of the RFC 8285 §4.2 one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** "defined by profile" value of the RFC 8285 §4.3 two-byte header form, with the low 4 bits masked. */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    /** A direct buffer's header, copied for {@link #findExtension}: 256 bytes hold any usual header. */
    private static final ThreadLocal<byte[]> HEADER_SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);

    private RtpPacket() {}

    /** RFC 7983 demultiplexing: the first byte is in 128..191 (RTP or RTCP). */
    public static boolean isRtpOrRtcp(ByteBuf buf) {
        if (buf.readableBytes() < 1) {
            return false;
        }
        int b = buf.getUnsignedByte(buf.readerIndex());
        return b >= 128 && b <= 191;
    }

    /** RFC 5761 §4: an RTP/RTCP packet whose second byte is in 192..223 is RTCP. */
    public static boolean isRtcp(ByteBuf buf) {
        if (buf.readableBytes() < 2 || !isRtpOrRtcp(buf)) {
            return false;
        }
        int b = buf.getUnsignedByte(buf.readerIndex() + 1);
        return b >= 192 && b <= 223;
    }

    /**
     * Full header length: 12 + 4 * CC + the extension block (4-byte extension header and its words).
     * Returns -1 when the packet is malformed: shorter than 12 bytes, version not 2, CSRCs or extension
     * beyond the packet, or a padding count of 0 or larger than what follows the header.
     */
    public static int headerLength(ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < FIXED_HEADER_LENGTH) {
            return -1;
        }
        int b0 = buf.getUnsignedByte(start);
        if ((b0 >> 6) != 2) {
            return -1;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (header > length) {
            return -1;
        }
        if ((b0 & 0x10) != 0) {
            if (header + 4 > length) {
                return -1;
            }
            header += 4 + 4 * buf.getUnsignedShort(start + header + 2);
            if (header > length) {
                return -1;
            }
        }
        if ((b0 & 0x20) != 0) {
            int padding = buf.getUnsignedByte(start + length - 1);
            if (padding == 0 || padding > length - header) {
                return -1;
            }
        }
        return header;
    }

    public static int version(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex()) >> 6;
    }

    public static boolean hasPadding(ByteBuf buf) {
        return (buf.getByte(buf.readerIndex()) & 0x20) != 0;
    }

    public static boolean hasExtension(ByteBuf buf) {
        return (buf.getByte(buf.readerIndex()) & 0x10) != 0;
    }

    public static int csrcCount(ByteBuf buf) {
        return buf.getByte(buf.readerIndex()) & 0x0F;
    }

    /** The CSRC at {@code index} (0-based, below {@link #csrcCount}). */
    public static long csrc(ByteBuf buf, int index) {
        return buf.getUnsignedInt(buf.readerIndex() + FIXED_HEADER_LENGTH + 4 * index);
    }

    public static boolean marker(ByteBuf buf) {
        return (buf.getByte(buf.readerIndex() + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf buf) {
        return buf.getByte(buf.readerIndex() + 1) & 0x7F;
    }

    public static int sequenceNumber(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex() + 2);
    }

    public static long timestamp(ByteBuf buf) {
        return buf.getUnsignedInt(buf.readerIndex() + 4);
    }

    public static long ssrc(ByteBuf buf) {
        return buf.getUnsignedInt(buf.readerIndex() + 8);
    }

    /** Number of padding bytes at the end (the last byte, counting itself), or 0 without the P bit. */
    public static int paddingLength(ByteBuf buf) {
        if (!hasPadding(buf) || buf.readableBytes() < 1) {
            return 0;
        }
        return buf.getUnsignedByte(buf.writerIndex() - 1);
    }

    /** Absolute index of the first payload byte, or -1 when the header is malformed. */
    public static int payloadOffset(ByteBuf buf) {
        int header = headerLength(buf);
        return header < 0 ? -1 : buf.readerIndex() + header;
    }

    /** Payload length without padding, or -1 when the header is malformed. */
    public static int payloadLength(ByteBuf buf) {
        int header = headerLength(buf);
        return header < 0 ? -1 : buf.readableBytes() - header - paddingLength(buf);
    }

    public static void setMarker(ByteBuf buf, boolean marker) {
        int index = buf.readerIndex() + 1;
        int b = buf.getUnsignedByte(index);
        buf.setByte(index, marker ? b | 0x80 : b & 0x7F);
    }

    public static void setPayloadType(ByteBuf buf, int payloadType) {
        int index = buf.readerIndex() + 1;
        buf.setByte(index, (buf.getUnsignedByte(index) & 0x80) | (payloadType & 0x7F));
    }

    public static void setSequenceNumber(ByteBuf buf, int sequenceNumber) {
        buf.setShort(buf.readerIndex() + 2, sequenceNumber);
    }

    public static void setTimestamp(ByteBuf buf, long timestamp) {
        buf.setInt(buf.readerIndex() + 4, (int) timestamp);
    }

    public static void setSsrc(ByteBuf buf, long ssrc) {
        buf.setInt(buf.readerIndex() + 8, (int) ssrc);
    }

    /**
     * Finds header extension element {@code id} (RFC 8285 one-byte form, ids 1..14, or two-byte form,
     * ids 1..255). Returns -1 when the packet is malformed, has no extension block, uses another
     * profile, or has no such element; otherwise {@code ((long) absoluteOffset << 16) | length}, to
     * be taken apart with {@link #extensionOffset(long)} and {@link #extensionLength(long)}. The walk is
     * {@link HeaderExtensions#find}'s, over the buffer's array, or over a per-thread copy of a direct
     * buffer's header (no allocation once the thread's scratch array is sized).
     */
    public static long findExtension(ByteBuf buf, int id) {
        int header = headerLength(buf);
        if (header < 0 || !hasExtension(buf)) {
            return -1;
        }
        byte[] bytes;
        int start;
        if (buf.hasArray()) {
            bytes = buf.array();
            start = buf.arrayOffset() + buf.readerIndex();
        } else {
            bytes = HEADER_SCRATCH.get();
            if (bytes.length < header) {
                bytes = new byte[Math.max(2 * bytes.length, header)];
                HEADER_SCRATCH.set(bytes);
            }
            buf.getBytes(buf.readerIndex(), bytes, 0, header);
            start = 0;
        }
        long found = HeaderExtensions.find(bytes, start, header, id);
        // From the array's index back to the buffer's.
        return found < 0 ? -1 : found + ((long) (buf.readerIndex() - start) << 16);
    }

    /** Absolute buffer index of the element data from a {@link #findExtension} result. */
    public static int extensionOffset(long found) {
        return (int) (found >>> 16);
    }

    /** Length in bytes of the element data from a {@link #findExtension} result. */
    public static int extensionLength(long found) {
        return (int) (found & 0xFFFF);
    }

    /**
     * Writes the packet into {@code dst} with the X bit cleared and the extension block removed; CSRCs,
     * payload and padding are kept. Used when forwarding to a receiver whose extension ids differ.
     * Returns the number of bytes written, or -1 (writing nothing) when the packet is malformed.
     */
    public static int copyWithoutExtensions(ByteBuf src, ByteBuf dst) {
        int header = headerLength(src);
        if (header < 0) {
            return -1;
        }
        int start = src.readerIndex();
        int fixed = FIXED_HEADER_LENGTH + 4 * csrcCount(src);
        int rest = src.readableBytes() - header;
        dst.ensureWritable(fixed + rest);
        dst.writeByte(src.getUnsignedByte(start) & ~0x10);
        dst.writeBytes(src, start + 1, fixed - 1);
        dst.writeBytes(src, start + header, rest);
        return fixed + rest;
    }

    /**
     * Writes the packet into {@code dst} with the sender's header extensions replaced by one element of
     * {@code dataLength} (1-3) bytes holding {@code value} big-endian (one-byte form, RFC 8285: one 32-bit word,
     * zero-padded); CSRCs, payload and padding are kept. The source must be valid ({@link #headerLength} >= 0).
     * Used for the one extension the server writes on forwarded packets (abs-send-time, or the transport-wide
     * sequence number).
     *
     * @return the absolute index in {@code dst} of the element's data
     */
    public static int copyWithOneExtension(ByteBuf src, ByteBuf dst, int extensionId, int dataLength, int value) {
        int start = src.readerIndex();
        int headerLength = headerLength(src);
        int fixedAndCsrcs = FIXED_HEADER_LENGTH + 4 * csrcCount(src);
        int written = dst.writerIndex();
        dst.writeBytes(src, start, fixedAndCsrcs);
        dst.setByte(written, dst.getByte(written) | 0x10);
        dst.writeShort(ONE_BYTE_PROFILE);
        dst.writeShort(1);
        dst.writeByte((extensionId << 4) | (dataLength - 1));
        int data = dst.writerIndex();
        for (int shift = 8 * (dataLength - 1); shift >= 0; shift -= 8) {
            dst.writeByte(value >>> shift);
        }
        dst.writeZero(3 - dataLength);
        int rest = src.writerIndex() - start - headerLength;
        dst.writeBytes(src, start + headerLength, rest);
        return data;
    }
}

package dev.sfu.core.room;

import dev.sfu.core.rtp.HeaderExtensions;
import dev.sfu.core.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One publisher packet as the server reads it: copied once into a heap array and parsed once (header, payload bounds;
 * for VP8 the picture id, TL0PICIDX, TID and whether it starts a keyframe: {@link Vp8Fields}), so that everything
 * downstream (SSRC demux, statistics, upstream recovery, keyframe detection, the caches, layer switches) reads
 * fields, and building each receiver's copy ({@link #copyTo}, {@link #rewrite}) touches only arrays. Through {@code ByteBuf} accessors the same
 * work cost about a quarter of the media loop's CPU at 100 receivers: every get and set checks the buffer's reference
 * count, and a received datagram is a slice that checks its parent's too (docs/benchmarks.md, "Working on arrays").
 *
 * <p>Reused for every packet ({@link #load}); valid until the next load. Confined to the room's event loop.
 */
final class SourcePacket {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** The one-byte-form extension block the server writes: 4 bytes of block header, one 4-byte element word. */
    static final int EXTENSION_BLOCK = 8;

    /** Sized at the first packet (a participant that only receives never loads one): an MTU, or more if needed. */
    private byte[] bytes = new byte[0];
    private ByteBuf buffer;
    private int length;
    private int fixedHeaderLength;
    private int headerLength;
    private int payloadLength;
    private int sequence;
    private long timestamp;
    private long ssrc;
    private int payloadType;
    private boolean marker;
    /** The VP8 fields, read by {@link #parseVp8}; reset at every load. */
    private final Vp8Fields vp8 = new Vp8Fields();

    /**
     * Takes a packet (its bytes from {@code readerIndex} to {@code writerIndex}); {@code isVp8} parses the VP8
     * payload descriptor too. Returns false, keeping nothing, when the RTP header is malformed.
     */
    boolean load(ByteBuf packet, boolean isVp8) {
        if (!load(packet)) {
            return false;
        }
        if (isVp8) {
            parseVp8();
        }
        return true;
    }

    /**
     * Takes a packet and parses its RTP header; the VP8 fields stay unset until {@link #parseVp8} (the codec is
     * known only once the SSRC is routed). Returns false, keeping nothing, when the RTP header is malformed.
     */
    boolean load(ByteBuf packet) {
        int header = RtpPacket.headerLength(packet);
        if (header < 0) {
            return false;
        }
        length = packet.readableBytes();
        if (bytes.length < length) {
            bytes = new byte[Math.max(1500, length)];
        }
        packet.getBytes(packet.readerIndex(), bytes, 0, length);
        buffer = packet;
        headerLength = header;
        fixedHeaderLength = RtpPacket.FIXED_HEADER_LENGTH + 4 * (bytes[0] & 0x0F);
        int padding = (bytes[0] & 0x20) != 0 ? bytes[length - 1] & 0xFF : 0;
        payloadLength = length - header - padding;
        sequence = (short) SHORT.get(bytes, 2) & 0xFFFF;
        timestamp = (int) INT.get(bytes, 4) & 0xFFFFFFFFL;
        ssrc = (int) INT.get(bytes, 8) & 0xFFFFFFFFL;
        payloadType = bytes[1] & 0x7F;
        marker = (bytes[1] & 0x80) != 0;
        vp8.reset();
        return true;
    }

    /** Parses the loaded packet's VP8 payload descriptor and keyframe header (once per packet). */
    void parseVp8() {
        vp8.parse(bytes, headerLength, payloadLength);
    }

    /** The buffer last loaded; valid only while its owner keeps it (during the fan-out call). */
    ByteBuf buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    int sequence() {
        return sequence;
    }

    long ssrc() {
        return ssrc;
    }

    int payloadType() {
        return payloadType;
    }

    boolean marker() {
        return marker;
    }

    /** After {@link #parseVp8}: whether the packet starts a VP8 keyframe. */
    boolean vp8Keyframe() {
        return vp8.keyframe;
    }

    /** After {@link #parseVp8}: a keyframe's width from its header, -1 when not shown. */
    int keyframeWidth() {
        return vp8.keyframeWidth;
    }

    int keyframeHeight() {
        return vp8.keyframeHeight;
    }

    long timestamp() {
        return timestamp;
    }

    /** Where the payload starts, counted from the packet's first byte (the buffer's reader index). */
    int payloadOffset() {
        return headerLength;
    }

    /** Payload bytes without padding. */
    int payloadLength() {
        return payloadLength;
    }

    int pictureId() {
        return vp8.pictureId;
    }

    int tl0PicIdx() {
        return vp8.tl0PicIdx;
    }

    int temporalLayer() {
        return vp8.temporalLayer;
    }

    /** Bytes {@link #copyTo} writes at most: the packet with its extensions replaced by the server's one block. */
    int maxCopyLength() {
        return fixedHeaderLength + EXTENSION_BLOCK + length - headerLength;
    }

    /**
     * Writes the packet to {@code out[0..)} with the publisher's header extensions replaced by one one-byte-form
     * element ({@code extensionId > 0}, RFC 8285) of {@code dataLength} (1-3) bytes holding {@code value}
     * big-endian, or by none ({@code extensionId == 0}); CSRCs, payload and padding are kept. The element's data
     * starts at {@link #extensionDataIndex()}.
     *
     * @return the bytes written
     */
    int copyTo(byte[] out, int extensionId, int dataLength, int value) {
        int at = fixedHeaderLength;
        System.arraycopy(bytes, 0, out, 0, at);
        if (extensionId > 0) {
            out[0] |= 0x10;
            INT.set(out, at, RtpPacket.ONE_BYTE_PROFILE << 16 | 1);
            int element = (extensionId << 4 | dataLength - 1) << 24 | (value << 8 * (3 - dataLength)) & 0xFFFFFF;
            INT.set(out, at + 4, element);
            at += EXTENSION_BLOCK;
        } else {
            out[0] &= ~0x10;
        }
        int rest = length - headerLength;
        System.arraycopy(bytes, headerLength, out, at, rest);
        return at + rest;
    }

    /**
     * The first two data bytes (big-endian) of header extension element {@code id} (RFC 8285, one- or two-byte
     * form), or -1 when the packet has no such element of at least two bytes: the transport-wide sequence number,
     * read from the array as {@link dev.sfu.core.rtp.TransportSequenceNumber#read} reads the buffer.
     */
    int extensionShort(int id) {
        long found = HeaderExtensions.find(bytes, 0, headerLength, id);
        return found < 0 || RtpPacket.extensionLength(found) < 2 ? -1
                : (short) SHORT.get(bytes, RtpPacket.extensionOffset(found)) & 0xFFFF;
    }

    /** Header extension element {@code id} as ASCII text (mid, rid: once per new SSRC), null when absent. */
    String extensionText(int id) {
        long found = HeaderExtensions.find(bytes, 0, headerLength, id);
        return found < 0 ? null : new String(bytes, RtpPacket.extensionOffset(found), RtpPacket.extensionLength(found),
                StandardCharsets.US_ASCII);
    }

    /** Where {@link #copyTo} wrote the element's data. */
    int extensionDataIndex() {
        return fixedHeaderLength + 5;
    }

    /**
     * Sets the receiver's header fields in a copy {@code copyTo} wrote ({@code written} bytes): payload type,
     * sequence number, timestamp, SSRC, and the VP8 picture id (its width kept) and TL0PICIDX where the packet has
     * them and the value is not -1.
     */
    void rewrite(byte[] out, int written, int payloadType, int sequenceNumber, long rtpTimestamp, long ssrc,
            int outPictureId, int outTl0PicIdx) {
        out[1] = (byte) (out[1] & 0x80 | payloadType & 0x7F);
        SHORT.set(out, 2, (short) sequenceNumber);
        INT.set(out, 4, (int) rtpTimestamp);
        INT.set(out, 8, (int) ssrc);
        int payload = written - (length - headerLength);
        if (vp8.pictureIdAt >= 0 && outPictureId >= 0) {
            if (vp8.longPictureId) {
                SHORT.set(out, payload + vp8.pictureIdAt, (short) (0x8000 | outPictureId & 0x7FFF));
            } else {
                out[payload + vp8.pictureIdAt] = (byte) (outPictureId & 0x7F);
            }
        }
        if (vp8.tl0PicIdxAt >= 0 && outTl0PicIdx >= 0) {
            out[payload + vp8.tl0PicIdxAt] = (byte) outTl0PicIdx;
        }
    }
}

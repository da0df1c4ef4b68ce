package dev.sfu.core.srtp;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One direction of SRTP/SRTCP for one transport, covering all of its SSRCs (RFC 3711, RFC 7714).
 * Use one context to {@code protect} what we send and another, keyed with the peer's master key, to
 * {@code unprotect} what we receive.
 *
 * <p><b>Concurrency:</b> not thread-safe. A context, its ciphers and its per-SSRC state are confined to
 * the event loop of the transport that owns it; every call must come from that loop.
 *
 * <p><b>Buffers:</b> the packet spans {@code readerIndex..writerIndex} and is transformed in place;
 * protect moves {@code writerIndex} forward by the trailer (calling {@code ensureWritable}, so leave
 * tailroom to avoid a reallocation), unprotect moves it back. Heap buffers are worked on through their
 * backing array; direct buffers are copied into a reused scratch array and back. The buffer is never
 * released here; ownership stays with the caller.
 *
 * <p><b>Allocation:</b> the AES-CM/HMAC-SHA1 profiles allocate nothing per packet. AEAD_AES_128_GCM
 * allocates one {@link javax.crypto.spec.GCMParameterSpec} per packet (the JCA has no other way to
 * pass a nonce), plus what the JDK's GCM implementation allocates internally (about 1 KB per
 * 1100-byte packet on JDK 17, see SrtpAllocationTest).
 *
 * <p><b>Receive order</b> (RFC 3711 §3.3): check the shape, estimate the index (Appendix A), reject
 * replays, verify the tag, and only then commit the rollover counter, highest index and replay window.
 * A forged packet is therefore rejected before any per-stream state or stream slot changes.
 * Bad input never throws; it returns a {@link SrtpResult}.
 */
public final class SrtpContext {
    /** Most SSRCs (RTP and RTCP senders together) one context keeps state for. */
    public static final int MAX_STREAMS = SrtpStreamTable.MAX_STREAMS;

    private static final int RTP_HEADER_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final long MAX_SRTCP_INDEX = 0x7FFFFFFFL;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final SrtpProfile profile;
    private final SrtpTransform transform;
    private final SrtpStreamTable streams = new SrtpStreamTable();
    private final int rtpTagLength;
    private final int rtcpTrailerLength;

    /**
     * For direct buffers only, so empty until one comes: what we send is built in heap buffers, and a receiver's
     * incoming context sees only its RTCP (2 KB up front in each context was 4 KB per participant).
     */
    private byte[] scratch = new byte[0];
    private int viewOffset;

    /**
     * Derives the session keys (RFC 3711 §4.3) from the DTLS-SRTP master key and salt.
     *
     * @throws IllegalArgumentException if a length does not match the profile
     */
    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile, sessionKeys(profile, masterKey, masterSalt, false),
                sessionKeys(profile, masterKey, masterSalt, true));
    }

    /** Builds a context from already-derived session keys; for RFC vectors that start from them. */
    SrtpContext(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) {
        this.profile = profile;
        this.transform = SrtpTransform.create(profile, rtp, rtcp);
        this.rtpTagLength = profile.rtpAuthTagLength();
        this.rtcpTrailerLength = 4 + profile.rtcpAuthTagLength();
    }

    private static SrtpSessionKeys sessionKeys(SrtpProfile profile, byte[] key, byte[] salt, boolean rtcp) {
        if (profile == null || key == null || salt == null) {
            throw new IllegalArgumentException("profile, master key and master salt are required");
        }
        if (key.length != profile.masterKeyLength() || salt.length != profile.masterSaltLength()) {
            throw new IllegalArgumentException("master key/salt length does not match " + profile);
        }
        return SrtpSessionKeys.derive(profile, key, salt, rtcp);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Encrypts the RTP payload in place and appends the authentication tag. */
    public SrtpResult protectRtp(ByteBuf packet) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        if (packet.maxWritableBytes() < rtpTagLength) {
            return SrtpResult.MALFORMED;
        }
        packet.ensureWritable(rtpTagLength);
        byte[] a = view(packet, start, length, length + rtpTagLength);
        SrtpResult result = protectRtp(a, viewOffset, length);
        if (result == SrtpResult.OK) {
            writeBack(packet, a, start, length + rtpTagLength);
            packet.writerIndex(start + length + rtpTagLength);
        }
        return result;
    }

    /**
     * The forwarding path's protect, on the packet {@code a[offset, offset + length)} in place: encrypts the
     * payload and writes the tag right after it (the array must have {@link #rtpTagLength()} bytes of room there).
     * On {@link SrtpResult#OK} the protected packet is {@code length + rtpTagLength()} bytes.
     */
    public SrtpResult protectRtp(byte[] a, int offset, int length) {
        int headerLength = rtpHeaderLength(a, offset, length);
        if (headerLength < 0 || !paddingFits(a, offset, headerLength, length)
                || a.length - offset - length < rtpTagLength) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = (int) INT.get(a, offset + 8);
        int e = streams.findOrAdd(ssrc);
        if (e < 0) {
            return SrtpResult.TOO_MANY_STREAMS;
        }
        int seq = (short) SHORT.get(a, offset + 2) & 0xFFFF;
        long sent = streams.rtpSentIndex[e];
        long index = sent < 0 ? seq : estimateIndex(sent, seq);
        if (index < 0) {
            index = seq; // cannot precede the first packet we sent; treat as ROC 0
        }
        if (!transform.protectRtp(a, offset, headerLength, length - headerLength, ssrc, index)) {
            return SrtpResult.INDEX_EXHAUSTED;
        }
        if (index > sent) {
            streams.rtpSentIndex[e] = index; // ROC + 1 when the sequence number wrapped
        }
        return SrtpResult.OK;
    }

    /** Bytes the SRTP tag adds to a protected RTP packet. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Authenticates and decrypts an SRTP packet in place and removes the tag. */
    public SrtpResult unprotectRtp(ByteBuf packet) {
        int start = packet.readerIndex();
        int total = packet.readableBytes();
        int length = total - rtpTagLength;
        if (length < RTP_HEADER_LENGTH) {
            return SrtpResult.MALFORMED;
        }
        byte[] a = view(packet, start, total, total);
        int off = viewOffset;
        int headerLength = rtpHeaderLength(a, off, length);
        if (headerLength < 0) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = (int) INT.get(a, off + 8);
        int e = streams.find(ssrc);
        if (e < 0 && streams.isFull()) {
            return SrtpResult.TOO_MANY_STREAMS;
        }
        int seq = (short) SHORT.get(a, off + 2) & 0xFFFF;
        long highest = e < 0 ? -1 : streams.rtpReceivedIndex[e];
        long index = highest < 0 ? seq : estimateIndex(highest, seq);
        // Replay check before authentication: cheap, and a replayed packet would authenticate anyway.
        if (index < 0 || (e >= 0 && !ReplayWindow.accepts(highest,
                streams.rtpReplayWindow[2 * e], streams.rtpReplayWindow[2 * e + 1], index))) {
            return SrtpResult.REPLAYED;
        }
        if (!transform.unprotectRtp(a, off, headerLength, length - headerLength, ssrc, index)) {
            return SrtpResult.AUTH_FAILED; // nothing committed, nothing written back
        }
        writeBack(packet, a, start, length);
        packet.writerIndex(start + length);
        if (!paddingFits(a, off, headerLength, length)) {
            return SrtpResult.MALFORMED; // authentic but unusable; not recorded, the caller drops it
        }
        // Authenticated: now, and only now, the stream slot, ROC and replay window may change.
        if (e < 0) {
            e = streams.findOrAdd(ssrc);
        }
        ReplayWindow.commit(streams.rtpReceivedIndex, streams.rtpReplayWindow, e, index);
        return SrtpResult.OK;
    }

    /** Encrypts an RTCP (compound) packet after its first 8 bytes and appends E|index and the tag. */
    public SrtpResult protectRtcp(ByteBuf packet) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        if (!isRtcpHeader(packet, start, length)) {
            return SrtpResult.MALFORMED;
        }
        if (packet.maxWritableBytes() < rtcpTrailerLength) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = packet.getInt(start + 4);
        int e = streams.findOrAdd(ssrc);
        if (e < 0) {
            return SrtpResult.TOO_MANY_STREAMS;
        }
        long index = streams.rtcpNextIndex[e];
        if (index > MAX_SRTCP_INDEX) {
            return SrtpResult.INDEX_EXHAUSTED; // wrapping would reuse keystream under the same key
        }
        packet.ensureWritable(rtcpTrailerLength);
        int total = length + rtcpTrailerLength;
        byte[] a = view(packet, start, length, total);
        if (!transform.protectRtcp(a, viewOffset, length, ssrc, (int) index)) {
            return SrtpResult.INDEX_EXHAUSTED;
        }
        writeBack(packet, a, start, total);
        packet.writerIndex(start + total);
        streams.rtcpNextIndex[e] = index + 1;
        return SrtpResult.OK;
    }

    /** Authenticates and (if the E flag is set) decrypts an SRTCP packet; removes E|index and the tag. */
    public SrtpResult unprotectRtcp(ByteBuf packet) {
        int start = packet.readerIndex();
        int total = packet.readableBytes();
        int length = total - rtcpTrailerLength;
        if (length < RTCP_HEADER_LENGTH || !isRtcpHeader(packet, start, length)) {
            return SrtpResult.MALFORMED;
        }
        int eIndexAt = profile.isAead() ? start + total - 4 : start + length;
        int eIndex = packet.getInt(eIndexAt);
        boolean encrypted = eIndex < 0;
        int index = eIndex & 0x7FFFFFFF;
        int ssrc = packet.getInt(start + 4);
        int e = streams.find(ssrc);
        if (e < 0 && streams.isFull()) {
            return SrtpResult.TOO_MANY_STREAMS;
        }
        if (e >= 0 && !ReplayWindow.accepts(streams.rtcpReceivedIndex[e],
                streams.rtcpReplayWindow[2 * e], streams.rtcpReplayWindow[2 * e + 1], index)) {
            return SrtpResult.REPLAYED;
        }
        byte[] a = view(packet, start, total, total);
        if (!transform.unprotectRtcp(a, viewOffset, length, ssrc, index, encrypted)) {
            return SrtpResult.AUTH_FAILED;
        }
        writeBack(packet, a, start, length);
        packet.writerIndex(start + length);
        if (e < 0) {
            e = streams.findOrAdd(ssrc);
        }
        ReplayWindow.commit(streams.rtcpReceivedIndex, streams.rtcpReplayWindow, e, index);
        return SrtpResult.OK;
    }

    /** Test hook: the SRTCP index the next {@link #protectRtcp} for {@code ssrc} will use. */
    void setNextSrtcpIndex(int ssrc, long index) {
        streams.rtcpNextIndex[streams.findOrAdd(ssrc)] = index;
    }

    /**
     * RFC 3711 Appendix A: the index whose ROC is nearest to the highest index seen, given the 16-bit
     * sequence number. Returns a negative value for a packet from before ROC 0.
     */
    static long estimateIndex(long highest, int seq) {
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xFFFF);
        long v;
        if (sl < 0x8000) {
            v = seq - sl > 0x8000 ? roc - 1 : roc;
        } else {
            v = sl - 0x8000 > seq ? roc + 1 : roc;
        }
        if (v < 0) {
            return -1;
        }
        return ((v & 0xFFFFFFFFL) << 16) | seq;
    }

    /**
     * Length of the RTP header (RFC 3550 §5.1) including CSRCs and the extension, which stay in the
     * clear; -1 if it is not version 2 or does not fit in {@code length} bytes.
     */
    static int rtpHeaderLength(byte[] a, int start, int length) {
        if (length < RTP_HEADER_LENGTH) {
            return -1;
        }
        int b0 = a[start] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return -1;
        }
        int headerLength = RTP_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (headerLength + 4 > length) {
                return -1;
            }
            headerLength += 4 + 4 * ((short) SHORT.get(a, start + headerLength + 2) & 0xFFFF);
        }
        return headerLength <= length ? headerLength : -1;
    }

    /** With the P bit set, the last payload octet counts padding octets including itself (RFC 3550 §5.1). */
    private static boolean paddingFits(byte[] a, int start, int headerLength, int length) {
        if ((a[start] & 0x20) == 0) {
            return true;
        }
        int payloadLength = length - headerLength;
        if (payloadLength == 0) {
            return false;
        }
        int padding = a[start + length - 1] & 0xFF;
        return padding >= 1 && padding <= payloadLength;
    }

    private static boolean isRtcpHeader(ByteBuf packet, int start, int length) {
        return length >= RTCP_HEADER_LENGTH && (packet.getUnsignedByte(start) >>> 6) == 2;
    }

    /**
     * A byte array holding {@code copy} bytes of the packet from {@code start}, with room for
     * {@code room} bytes, at {@link #viewOffset}: the backing array of a heap buffer, otherwise the
     * scratch array (grown only for a packet larger than any seen).
     */
    private byte[] view(ByteBuf packet, int start, int copy, int room) {
        if (packet.hasArray()) {
            viewOffset = packet.arrayOffset() + start;
            return packet.array();
        }
        if (scratch.length < room) {
            scratch = new byte[Math.max(room, scratch.length * 2)];
        }
        packet.getBytes(start, scratch, 0, copy);
        viewOffset = 0;
        return scratch;
    }

    private void writeBack(ByteBuf packet, byte[] a, int start, int length) {
        if (a == scratch) {
            packet.setBytes(start, scratch, 0, length);
        }
    }
}

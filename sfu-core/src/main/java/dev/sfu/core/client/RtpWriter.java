package dev.sfu.core.client;

import dev.sfu.core.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes the RTP header of one outgoing stream (RFC 3550 §5.1) with the one-byte header extension carrying
 * the mid (RFC 8285 §4.2, RFC 8843 §15), as Chromium does for a BUNDLE transport.
 *
 * <pre>
 *  |V=2|P|X=1| CC=0 |M|     PT      |        sequence number        |
 *  |                            timestamp                           |
 *  |                              SSRC                              |
 *  |       0xBEDE (one-byte)        |        length (words)         |
 *  |  ID=4 | L=len-1 |  mid bytes ...  | padding to 32 bits          |
 * </pre>
 */
final class RtpWriter {
    private final byte[] mid;
    private final int extensionWords;

    RtpWriter(String mid) {
        this.mid = mid.getBytes(StandardCharsets.US_ASCII);
        if (this.mid.length < 1 || this.mid.length > 16) {
            throw new IllegalArgumentException("mid must be 1..16 bytes for the one-byte form: " + mid);
        }
        this.extensionWords = (1 + this.mid.length + 3) / 4;
    }

    int headerLength() {
        return RtpPacket.FIXED_HEADER_LENGTH + 4 + 4 * extensionWords;
    }

    void write(ByteBuf out, boolean marker, int payloadType, int sequence, long timestamp, long ssrc) {
        out.writeByte(0x90);
        out.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out.writeShort(sequence);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
        out.writeShort(RtpPacket.ONE_BYTE_PROFILE);
        out.writeShort(extensionWords);
        out.writeByte((LocalTrack.MID_EXTENSION_ID << 4) | (mid.length - 1));
        out.writeBytes(mid);
        out.writeZero(4 * extensionWords - 1 - mid.length);
    }
}

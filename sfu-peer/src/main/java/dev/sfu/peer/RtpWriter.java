package dev.sfu.peer;

import dev.sfu.core.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes the RTP header of one outgoing stream (RFC 3550 §5.1) with the one-byte header extensions Chromium
 * puts on a BUNDLE transport (RFC 8285 §4.2): the mid (RFC 8843 §15) and, for a simulcast encoding, its
 * rtp-stream-id (RFC 8852 §3.1).
 *
 * <pre>
 *  |V=2|P|X=1| CC=0 |M|     PT      |        sequence number        |
 *  |                            timestamp                           |
 *  |                              SSRC                              |
 *  |       0xBEDE (one-byte)        |        length (words)         |
 *  |  ID=4 | L=len-1 |  mid bytes ...  | ID=10 | L | rid bytes ...  |
 *  |  padding to 32 bits                                            |
 * </pre>
 */
final class RtpWriter {
    private final byte[] mid;
    private final byte[] rid;
    private final int extensionWords;

    RtpWriter(String mid) {
        this(mid, null);
    }

    /** @param rid the encoding's RID, or null for a stream sent as one encoding */
    RtpWriter(String mid, String rid) {
        this.mid = element(mid, "mid");
        this.rid = rid == null ? null : element(rid, "rid");
        int bytes = 1 + this.mid.length + (this.rid == null ? 0 : 1 + this.rid.length);
        this.extensionWords = (bytes + 3) / 4;
    }

    private static byte[] element(String value, String name) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < 1 || bytes.length > 16) {
            throw new IllegalArgumentException(name + " must be 1..16 bytes for the one-byte form: " + value);
        }
        return bytes;
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
        int start = out.writerIndex();
        out.writeByte((LocalTrack.MID_EXTENSION_ID << 4) | (mid.length - 1));
        out.writeBytes(mid);
        if (rid != null) {
            out.writeByte((LocalTrack.RID_EXTENSION_ID << 4) | (rid.length - 1));
            out.writeBytes(rid);
        }
        out.writeZero(4 * extensionWords - (out.writerIndex() - start));
    }
}

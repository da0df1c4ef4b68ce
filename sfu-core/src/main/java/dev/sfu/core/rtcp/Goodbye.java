package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Goodbye (RFC 3550 §6.6).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                              ...                              :
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |     length    |               reason for leaving            ... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param reason UTF-8 reason, at most 255 bytes; the empty string means no reason field
 */
public record Goodbye(List<Long> ssrcs, String reason) implements RtcpPacket {

    public Goodbye {
        ssrcs = List.copyOf(ssrcs);
        RtcpHeader.checkRange("ssrcs", ssrcs.size(), 0, 31);
        for (long ssrc : ssrcs) {
            RtcpHeader.checkU32("ssrc", ssrc);
        }
        reason = reason == null ? "" : reason;
        RtcpHeader.checkRange("reason length", reason.getBytes(StandardCharsets.UTF_8).length, 0, 255);
    }

    static Goodbye parse(ByteBuf buf, int count, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= 4 * count, "BYE shorter than its source count");
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(buf.getUnsignedInt(offset + 4 * i));
        }
        String reason = "";
        int index = offset + 4 * count;
        if (index < offset + length) {
            int reasonLength = buf.getUnsignedByte(index);
            RtcpHeader.require(offset + length - index - 1 >= reasonLength, "BYE reason truncated");
            reason = RtcpHeader.utf8(buf, index + 1, reasonLength);
        }
        return new Goodbye(ssrcs, reason);
    }

    @Override
    public int encodedLength() {
        int length = RtcpHeader.LENGTH + 4 * ssrcs.size();
        if (!reason.isEmpty()) {
            length += (1 + reason.getBytes(StandardCharsets.UTF_8).length + 3) & ~3;
        }
        return length;
    }

    @Override
    public void writeTo(ByteBuf out) {
        int start = out.writerIndex();
        int length = encodedLength();
        RtcpHeader.write(out, ssrcs.size(), RtcpHeader.BYE, length);
        for (long ssrc : ssrcs) {
            out.writeInt((int) ssrc);
        }
        if (!reason.isEmpty()) {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            out.writeByte(text.length);
            out.writeBytes(text);
            out.writeZero(length - (out.writerIndex() - start));
        }
    }
}

package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Generic NACK (RFC 4585 §6.2.1): transport-layer feedback (PT=205), FMT=1, with one or more PID/BLP
 * pairs. Bit i of BLP (least significant first) reports packet PID + i + 1 lost.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |    PT=205     |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * FCI:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PID                |             BLP               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Encoding packs the list in its order: a number joins the current pair when it lies 1..16 after
 * the PID and after the last number packed into that pair; otherwise it starts a new pair. Decoding
 * therefore gives back the same list.
 *
 * @param lostSequenceNumbers 16-bit sequence numbers, in the order they are packed
 */
public record TransportLayerNack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers)
        implements RtcpPacket {
    static final int FMT = 1;

    public TransportLayerNack {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        RtcpHeader.checkU32("mediaSsrc", mediaSsrc);
        lostSequenceNumbers = List.copyOf(lostSequenceNumbers);
        for (int seq : lostSequenceNumbers) {
            RtcpHeader.checkRange("sequence number", seq, 0, 0xFFFF);
        }
    }

    static TransportLayerNack parse(ByteBuf buf, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= 8, "NACK shorter than 12 bytes");
        int pairs = (length - 8) / 4;
        List<Integer> lost = new ArrayList<>(pairs * 2);
        for (int i = 0; i < pairs; i++) {
            int at = offset + 8 + 4 * i;
            int pid = buf.getUnsignedShort(at);
            int blp = buf.getUnsignedShort(at + 2);
            lost.add(pid);
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    lost.add((pid + bit + 1) & 0xFFFF);
                }
            }
        }
        return new TransportLayerNack(buf.getUnsignedInt(offset), buf.getUnsignedInt(offset + 4), lost);
    }

    /** The FCI as {@code (PID << 16) | BLP} words, in order. */
    public int[] pidBlpPairs() {
        int[] pairs = new int[lostSequenceNumbers.size()];
        int count = 0;
        int pid = -1;
        int lastBit = 0;
        for (int seq : lostSequenceNumbers) {
            int distance = pid < 0 ? 0 : (seq - pid) & 0xFFFF;
            if (pid >= 0 && distance > lastBit && distance <= 16) {
                pairs[count - 1] |= 1 << (distance - 1);
                lastBit = distance;
            } else {
                pid = seq;
                lastBit = 0;
                pairs[count++] = seq << 16;
            }
        }
        return java.util.Arrays.copyOf(pairs, count);
    }

    @Override
    public int encodedLength() {
        return 12 + 4 * pidBlpPairs().length;
    }

    @Override
    public void writeTo(ByteBuf out) {
        int[] pairs = pidBlpPairs();
        RtcpHeader.write(out, FMT, RtcpHeader.RTPFB, 12 + 4 * pairs.length);
        out.writeInt((int) senderSsrc);
        out.writeInt((int) mediaSsrc);
        for (int pair : pairs) {
            out.writeInt(pair);
        }
    }
}

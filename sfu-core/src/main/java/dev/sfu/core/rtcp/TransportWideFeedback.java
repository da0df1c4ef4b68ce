package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 * transport-layer feedback (PT=205), FMT=15. Reports, for {@code packetStatusCount} consecutive
 * transport-wide sequence numbers from {@code baseSequence}, whether each packet arrived and when.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      SSRC of media source                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      base sequence number     |      packet status count      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 reference time                | fb pkt. count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          packet chunk         |         packet chunk          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         packet chunk          |  recv delta   |  recv delta   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           recv delta          |  recv delta   | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * run length chunk (§3.1.3)          status vector chunk (§3.1.4)
 * |0|S S|   run length (13 bits)  |  |1|0| 14 x 1-bit symbols        |  0 not received, 1 small delta
 *                                    |1|1| 7 x 2-bit symbols         |
 * symbols (§3.1.1): 00 not received, 01 received with a small delta (1 byte, unsigned),
 *                   10 received with a large or negative delta (2 bytes, signed), 11 reserved
 * </pre>
 *
 * <p>The reference time is a signed 24-bit count of 64 ms; receive deltas count 250 µs. The first
 * received packet's delta is relative to the reference time, each later one to the previous received
 * packet. So the arrival of a packet is {@code referenceTime * 64 ms + (sum of deltas up to it) * 250 µs}.
 *
 * <p>The record holds the content, not the chunk layout: {@code receiveDeltas} has one entry per
 * reported sequence number, {@link #NOT_RECEIVED} or the delta in 250 µs ticks. Encoding chooses the
 * chunks canonically (see {@link #writeTo}); a packet whose sender chose other chunks parses to the
 * same record but may encode to other bytes of the same meaning. Reserved symbols are rejected.
 *
 * @param baseSequence        the transport-wide sequence number of the first entry, 16-bit
 * @param referenceTime       signed 24-bit, in units of 64 ms
 * @param feedbackPacketCount 8-bit counter of feedback packets sent
 * @param receiveDeltas       one per sequence number: {@link #NOT_RECEIVED} or -32768..32767 ticks
 */
public record TransportWideFeedback(
        long senderSsrc,
        long mediaSsrc,
        int baseSequence,
        int referenceTime,
        int feedbackPacketCount,
        List<Integer> receiveDeltas)
        implements RtcpPacket {
    static final int FMT = 15;
    /** Entry of {@link #receiveDeltas} for a packet that did not arrive. */
    public static final int NOT_RECEIVED = Integer.MIN_VALUE;
    /** One receive delta tick, in microseconds. */
    public static final int DELTA_TICK_MICROS = 250;
    /** One reference time unit, in microseconds. */
    public static final int REFERENCE_TIME_UNIT_MICROS = 64_000;
    /** Reference time units in one delta tick ratio: 64 ms / 250 µs. */
    public static final int TICKS_PER_REFERENCE_UNIT = 256;
    /** Most entries one packet can report (the 16-bit packet status count). */
    public static final int MAX_STATUS_COUNT = 0xFFFF;

    private static final int NOT_RECEIVED_SYMBOL = 0;
    private static final int SMALL_SYMBOL = 1;
    private static final int LARGE_SYMBOL = 2;
    private static final int MAX_RUN = 0x1FFF;
    private static final int FIXED_LENGTH = 20;

    public TransportWideFeedback {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        RtcpHeader.checkU32("mediaSsrc", mediaSsrc);
        RtcpHeader.checkRange("baseSequence", baseSequence, 0, 0xFFFF);
        RtcpHeader.checkRange("referenceTime", referenceTime, -0x80_0000, 0x7F_FFFF);
        RtcpHeader.checkRange("feedbackPacketCount", feedbackPacketCount, 0, 255);
        receiveDeltas = List.copyOf(receiveDeltas);
        RtcpHeader.checkRange("packet status count", receiveDeltas.size(), 0, MAX_STATUS_COUNT);
        for (int delta : receiveDeltas) {
            if (delta != NOT_RECEIVED) {
                RtcpHeader.checkRange("receive delta", delta, Short.MIN_VALUE, Short.MAX_VALUE);
            }
        }
    }

    /** The 16-bit packet status count. */
    public int packetStatusCount() {
        return receiveDeltas.size();
    }

    /** The transport-wide sequence number of entry {@code index}. */
    public int sequenceNumber(int index) {
        return (baseSequence + index) & 0xFFFF;
    }

    /** Whether entry {@code index} reports a received packet. */
    public boolean isReceived(int index) {
        return receiveDeltas.get(index) != NOT_RECEIVED;
    }

    /** The reference time in microseconds (of the sender's time base, signed). */
    public long referenceTimeMicros() {
        return (long) referenceTime * REFERENCE_TIME_UNIT_MICROS;
    }

    /**
     * Fills {@code arrivalMicros[i]} with the arrival time of entry i relative to the reference time, in
     * microseconds, or {@link Long#MIN_VALUE} for a lost packet; returns the number of entries written.
     * Lets a consumer read a feedback without boxing per packet.
     */
    public int arrivalOffsetsMicros(long[] arrivalMicros) {
        long ticks = 0;
        int n = Math.min(arrivalMicros.length, receiveDeltas.size());
        for (int i = 0; i < n; i++) {
            int delta = receiveDeltas.get(i);
            if (delta == NOT_RECEIVED) {
                arrivalMicros[i] = Long.MIN_VALUE;
            } else {
                ticks += delta;
                arrivalMicros[i] = ticks * DELTA_TICK_MICROS;
            }
        }
        return n;
    }

    static TransportWideFeedback parse(ByteBuf buf, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= FIXED_LENGTH - RtcpHeader.LENGTH, "transport-cc feedback shorter than 20 bytes");
        int end = offset + length;
        int base = buf.getUnsignedShort(offset + 8);
        int count = buf.getUnsignedShort(offset + 10);
        int referenceTime = buf.getMedium(offset + 12); // sign-extends the 24-bit value
        int fbCount = buf.getUnsignedByte(offset + 15);
        int[] symbols = new int[count];
        int decoded = 0;
        int at = offset + 16;
        while (decoded < count) {
            RtcpHeader.require(at + 2 <= end, "transport-cc chunks beyond the packet");
            int chunk = buf.getUnsignedShort(at);
            at += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >> 13) & 0x3;
                RtcpHeader.require(symbol != 3, "transport-cc reserved status symbol");
                int run = Math.min(chunk & MAX_RUN, count - decoded);
                Arrays.fill(symbols, decoded, decoded + run, symbol);
                decoded += run;
            } else if ((chunk & 0x4000) == 0) {
                for (int bit = 13; bit >= 0 && decoded < count; bit--) {
                    symbols[decoded++] = (chunk >> bit) & 0x1;
                }
            } else {
                for (int shift = 12; shift >= 0 && decoded < count; shift -= 2) {
                    int symbol = (chunk >> shift) & 0x3;
                    RtcpHeader.require(symbol != 3, "transport-cc reserved status symbol");
                    symbols[decoded++] = symbol;
                }
            }
        }
        List<Integer> deltas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            switch (symbols[i]) {
                case SMALL_SYMBOL -> {
                    RtcpHeader.require(at + 1 <= end, "transport-cc deltas beyond the packet");
                    deltas.add((int) buf.getUnsignedByte(at));
                    at += 1;
                }
                case LARGE_SYMBOL -> {
                    RtcpHeader.require(at + 2 <= end, "transport-cc deltas beyond the packet");
                    deltas.add((int) buf.getShort(at));
                    at += 2;
                }
                default -> deltas.add(NOT_RECEIVED);
            }
        }
        // what follows the deltas is zero padding
        return new TransportWideFeedback(buf.getUnsignedInt(offset), buf.getUnsignedInt(offset + 4), base,
                referenceTime, fbCount, deltas);
    }

    private int symbol(int index) {
        int delta = receiveDeltas.get(index);
        if (delta == NOT_RECEIVED) {
            return NOT_RECEIVED_SYMBOL;
        }
        return delta >= 0 && delta <= 255 ? SMALL_SYMBOL : LARGE_SYMBOL;
    }

    /**
     * The packet chunks, chosen canonically: at each position, a run of 14 or more equal symbols, or
     * the equal symbols that end the list, become one run length chunk (up to 8191); otherwise the next
     * 14 symbols become a 1-bit status vector when none is a large delta, else the next 7 a 2-bit one.
     * Unused trailing slots of the last vector are 0.
     */
    int[] chunks() {
        int count = receiveDeltas.size();
        int[] symbols = new int[count];
        for (int i = 0; i < count; i++) {
            symbols[i] = symbol(i);
        }
        int[] chunks = new int[count];
        int n = 0;
        int i = 0;
        while (i < count) {
            int run = 1;
            while (i + run < count && run < MAX_RUN && symbols[i + run] == symbols[i]) {
                run++;
            }
            if (run >= 14 || i + run == count) {
                chunks[n++] = (symbols[i] << 13) | run;
                i += run;
                continue;
            }
            int take = Math.min(14, count - i);
            boolean anyLarge = false;
            for (int k = 0; k < take; k++) {
                anyLarge |= symbols[i + k] == LARGE_SYMBOL;
            }
            int chunk;
            if (!anyLarge) {
                chunk = 0x8000;
                for (int k = 0; k < take; k++) {
                    chunk |= symbols[i + k] << (13 - k);
                }
            } else {
                take = Math.min(7, count - i);
                chunk = 0xC000;
                for (int k = 0; k < take; k++) {
                    chunk |= symbols[i + k] << (12 - 2 * k);
                }
            }
            chunks[n++] = chunk;
            i += take;
        }
        return Arrays.copyOf(chunks, n);
    }

    private int deltaBytes() {
        int bytes = 0;
        for (int i = 0, n = receiveDeltas.size(); i < n; i++) {
            int symbol = symbol(i);
            bytes += symbol == SMALL_SYMBOL ? 1 : symbol == LARGE_SYMBOL ? 2 : 0;
        }
        return bytes;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    @Override
    public int encodedLength() {
        return padded(FIXED_LENGTH + 2 * chunks().length + deltaBytes());
    }

    /** Writes the packet with canonical chunks (see {@link #chunks}) and zero padding (no P bit). */
    @Override
    public void writeTo(ByteBuf out) {
        int[] chunks = chunks();
        int unpadded = FIXED_LENGTH + 2 * chunks.length + deltaBytes();
        int length = padded(unpadded);
        RtcpHeader.write(out, FMT, RtcpHeader.RTPFB, length);
        out.writeInt((int) senderSsrc);
        out.writeInt((int) mediaSsrc);
        out.writeShort(baseSequence);
        out.writeShort(receiveDeltas.size());
        out.writeMedium(referenceTime);
        out.writeByte(feedbackPacketCount);
        for (int chunk : chunks) {
            out.writeShort(chunk);
        }
        for (int i = 0, n = receiveDeltas.size(); i < n; i++) {
            int symbol = symbol(i);
            if (symbol == SMALL_SYMBOL) {
                out.writeByte(receiveDeltas.get(i));
            } else if (symbol == LARGE_SYMBOL) {
                out.writeShort(receiveDeltas.get(i));
            }
        }
        out.writeZero(length - unpadded);
    }
}

package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Bundles chunks into SCTP packets of at most the configured size (RFC 9260 §6.10) and hands each, encoded
 * with its CRC32c, to the output as its own array. Control chunks go before DATA (§6.10: a SACK ahead of
 * data). Holds at most one packet's chunks. Confined to the association's thread.
 */
final class PacketWriter {
    private final int sourcePort;
    private final int destinationPort;
    private final int maxPacketSize;
    private final SctpAssociation.Output output;
    private final SctpCounters counters;
    private final List<Chunk> chunks = new ArrayList<>();
    private int length = SctpPacket.HEADER_LENGTH;
    private long verificationTag;

    PacketWriter(SctpConfig config, SctpAssociation.Output output, SctpCounters counters) {
        this.sourcePort = config.localPort();
        this.destinationPort = config.remotePort();
        this.maxPacketSize = config.maxPacketSize();
        this.output = output;
        this.counters = counters;
    }

    /** The tag the following packets carry (the peer's Initiate Tag; 0 for INIT). */
    void verificationTag(long tag) {
        verificationTag = tag;
    }

    /** Room left in the current packet for one more chunk's encoded bytes. */
    int room() {
        return maxPacketSize - length;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Adds {@code chunk}, first sending the current packet if it does not fit there. */
    void add(Chunk chunk) {
        int size = chunk.encodedLength();
        if (size > room()) {
            flush();
        }
        chunks.add(chunk);
        length += size;
    }

    /** Sends {@code chunk} alone in a packet with {@code tag}, e.g. INIT (tag 0) or an ABORT. */
    void sendAlone(Chunk chunk, long tag) {
        flush();
        long kept = verificationTag;
        verificationTag = tag;
        add(chunk);
        flush();
        verificationTag = kept;
    }

    /** Sends the chunks gathered so far as one packet. */
    void flush() {
        if (chunks.isEmpty()) {
            return;
        }
        SctpPacket packet = new SctpPacket(sourcePort, destinationPort, verificationTag, chunks);
        chunks.clear();
        length = SctpPacket.HEADER_LENGTH;
        byte[] bytes = new byte[packet.encodedLength()];
        ByteBuf out = Unpooled.wrappedBuffer(bytes).writerIndex(0);
        try {
            packet.writeTo(out);
        } finally {
            out.release();
        }
        counters.packetsOut++;
        counters.bytesOut += bytes.length;
        output.sendPacket(bytes);
    }
}

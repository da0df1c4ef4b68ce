package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An SCTP packet (RFC 9260 §3): the common header and its chunks. Over DTLS (RFC 8261) one DTLS record
 * carries one packet.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Chunk #1 ... Chunk #n                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Checksum: CRC32c over the whole packet with the checksum field set to zero (RFC 9260 Appendix A).
 * The CRC is reflected, so its least significant byte goes first on the wire: the field holds the CRC
 * in little-endian order, as usrsctp, pion/sctp and dcsctp write it.
 *
 * <p>Parsing copies what it keeps, never moves the buffer's indexes and never retains the buffer.
 */
public record SctpPacket(int sourcePort, int destinationPort, long verificationTag, List<Chunk> chunks) {
    public static final int HEADER_LENGTH = 12;
    private static final byte[] ZERO_CHECKSUM = new byte[4];

    public SctpPacket {
        ChunkHeader.checkU16("sourcePort", sourcePort);
        ChunkHeader.checkU16("destinationPort", destinationPort);
        ChunkHeader.checkU32("verificationTag", verificationTag);
        chunks = List.copyOf(chunks);
    }

    /**
     * Parses the readable bytes of {@code buf} as one packet after checking its checksum.
     *
     * @throws SctpException when the packet is shorter than its header, its checksum is wrong or a chunk
     *     is malformed
     */
    public static SctpPacket parse(ByteBuf buf) throws SctpException {
        int offset = buf.readerIndex();
        int end = buf.writerIndex();
        SctpException.require(end - offset >= HEADER_LENGTH, "SCTP packet shorter than its 12-byte header");
        long received = buf.getUnsignedIntLE(offset + 8);
        long computed = checksum(buf, offset, end - offset);
        SctpException.require(received == computed, "SCTP checksum mismatch");
        return new SctpPacket(buf.getUnsignedShort(offset), buf.getUnsignedShort(offset + 2),
                buf.getUnsignedInt(offset + 4), Chunks.parse(buf, offset + HEADER_LENGTH, end));
    }

    public int encodedLength() {
        int length = HEADER_LENGTH;
        for (Chunk chunk : chunks) {
            length += chunk.encodedLength();
        }
        return length;
    }

    /** Writes the packet with its checksum at the writer index of {@code out}. */
    public void writeTo(ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(sourcePort);
        out.writeShort(destinationPort);
        out.writeInt((int) verificationTag);
        out.writeInt(0);
        for (Chunk chunk : chunks) {
            chunk.writeTo(out);
        }
        out.setIntLE(start + 8, (int) checksum(out, start, out.writerIndex() - start));
    }

    /** A new buffer holding the packet; the caller releases it. */
    public ByteBuf encode(ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(encodedLength());
        writeTo(out);
        return out;
    }

    /**
     * CRC32c of {@code length} bytes at {@code offset}, the 4 checksum bytes at offset + 8 counted as
     * zero. Does not move the buffer's indexes.
     */
    static long checksum(ByteBuf buf, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf.nioBuffer(offset, 8));
        crc.update(ZERO_CHECKSUM, 0, 4);
        crc.update(buf.nioBuffer(offset + HEADER_LENGTH, length - HEADER_LENGTH));
        return crc.getValue();
    }
}

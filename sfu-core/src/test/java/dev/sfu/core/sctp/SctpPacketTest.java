package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The common header and CRC32c checksum (RFC 9260 §3.1, Appendix A). */
class SctpPacketTest {

    /**
     * A captured packet (COOKIE ACK + SACK, as Wireshark shows it; reused in libwebrtc's dcsctp tests):
     * its checksum field holds CRC32c 0x368B6EC0 least significant byte first.
     */
    static final byte[] CAPTURED = SctpBytes.of(
            0x04, 0xD2, 0x10, 0xE1, // source port 1234, destination port 4321
            0x69, 0x7E, 0x3A, 0x4E, // verification tag
            0xC0, 0x6E, 0x8B, 0x36, // checksum
            0x0B, 0x00, 0x00, 0x04, // COOKIE ACK
            0x03, 0x00, 0x00, 0x10, // SACK, length 16
            0xAE, 0xA9, 0x52, 0x52, // cumulative TSN ack
            0x00, 0x02, 0x00, 0x00, // a_rwnd 131072
            0x00, 0x00, 0x00, 0x00); // no gaps, no duplicates

    static Stream<Object[]> rfc3720Vectors() {
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        byte[] ascending = new byte[32];
        byte[] descending = new byte[32];
        for (int i = 0; i < 32; i++) {
            ascending[i] = (byte) i;
            descending[i] = (byte) (31 - i);
        }
        return Stream.of(
                new Object[] {"32 bytes of zeros", zeros, 0x8A9136AAL},
                new Object[] {"32 bytes of 0xFF", ones, 0x62A8AB43L},
                new Object[] {"32 bytes ascending 0..31", ascending, 0x46DD794EL},
                new Object[] {"32 bytes descending 31..0", descending, 0x113FDB5CL});
    }

    /** RFC 3720 Appendix B.4 CRC examples; the checksum skips offsets 8..11, so the data starts at 12. */
    @ParameterizedTest(name = "RFC 3720 B.4: {0}")
    @MethodSource("rfc3720Vectors")
    void crc32cMatchesRfc3720AppendixB4(String name, byte[] data, long crc) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeZero(SctpPacket.HEADER_LENGTH).writeBytes(data);
            java.util.zip.CRC32C expected = new java.util.zip.CRC32C();
            expected.update(new byte[SctpPacket.HEADER_LENGTH]);
            expected.update(data);
            assertEquals(expected.getValue(), SctpPacket.checksum(buf, 0, buf.readableBytes()));
            java.util.zip.CRC32C alone = new java.util.zip.CRC32C();
            alone.update(data);
            assertEquals(crc, alone.getValue());
        } finally {
            buf.release();
        }
    }

    @Test
    void parsesACapturedPacketWithItsLittleEndianChecksum() throws SctpException {
        SctpPacket packet = parse(CAPTURED);
        assertEquals(new SctpPacket(1234, 4321, 0x697E3A4EL, List.of(
                new CookieAckChunk(), new SackChunk(2930332242L, 131072, List.of(), List.of()))), packet);
        assertArrayEquals(CAPTURED, encode(packet));
    }

    @Test
    void parsesAPacketThatStartsAtTheReaderIndex() throws SctpException {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(new byte[] {9, 9, 9, 9, 9}).writeBytes(CAPTURED).readerIndex(5);
            assertEquals(parse(CAPTURED), SctpPacket.parse(buf));
            assertEquals(5, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void rejectsAFlippedChecksumByte() {
        byte[] bytes = CAPTURED.clone();
        bytes[8] ^= 0x01;
        assertThrows(SctpException.class, () -> parse(bytes));
    }

    @Test
    void rejectsTheChecksumInNetworkByteOrder() {
        byte[] bytes = CAPTURED.clone();
        bytes[8] = 0x36;
        bytes[9] = (byte) 0x8B;
        bytes[10] = 0x6E;
        bytes[11] = (byte) 0xC0;
        assertThrows(SctpException.class, () -> parse(bytes));
    }

    @Test
    void rejectsAPacketShorterThanItsHeader() {
        assertThrows(SctpException.class, () -> parse(Arrays.copyOf(CAPTURED, 11)));
    }

    @Test
    void rejectsAPacketCutInsideAChunk() {
        assertThrows(SctpException.class, () -> parse(withChecksum(Arrays.copyOf(CAPTURED, 24))));
    }

    @Test
    void acceptsAHeaderWithoutChunks() throws SctpException {
        assertEquals(new SctpPacket(1234, 4321, 0x697E3A4EL, List.of()),
                parse(withChecksum(Arrays.copyOf(CAPTURED, 12))));
    }

    @Test
    void encodesPaddedChunksBackToBack() throws SctpException {
        SctpPacket packet = new SctpPacket(5000, 5000, 0xFFFF_FFFFL, List.of(
                new DataChunk(false, false, true, true, 1, 0, 0, PayloadProtocolIdentifier.STRING, Bytes.of((byte) 'h', (byte) 'i')),
                new CookieEchoChunk(Bytes.of((byte) 7))));
        byte[] bytes = encode(packet);
        assertEquals(12 + 20 + 8, bytes.length);
        assertEquals(packet, parse(bytes));
    }

    /** Parses from a pooled buffer holding exactly {@code bytes} and checks the indexes did not move. */
    static SctpPacket parse(byte[] bytes) throws SctpException {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(bytes.length, bytes.length);
        try {
            buf.writeBytes(bytes);
            return SctpPacket.parse(buf);
        } finally {
            assertEquals(0, buf.readerIndex());
            assertEquals(bytes.length, buf.writerIndex());
            buf.release();
        }
    }

    static byte[] encode(SctpPacket packet) {
        ByteBuf buf = packet.encode(PooledByteBufAllocator.DEFAULT);
        try {
            assertEquals(packet.encodedLength(), buf.readableBytes());
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** {@code bytes} with a correct checksum, so that only the chunk bytes can be wrong. */
    static byte[] withChecksum(byte[] bytes) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(bytes.length);
        try {
            buf.writeBytes(bytes);
            buf.setIntLE(8, (int) SctpPacket.checksum(buf, 0, bytes.length));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}

package dev.sfu.core.rtcp;

import static dev.sfu.core.rtcp.TransportWideFeedback.NOT_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, against byte arrays computed by hand. */
class TransportWideFeedbackTest {

    /** One packet, run length chunk, small delta, one byte of zero padding. */
    static final byte[] ONE_PACKET = RtcpBytes.of(
            0x8F, 0xCD, 0x00, 0x05, // V=2, P=0, FMT=15, PT=205, length 5 (24 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x00, 0x00, 0x00, 0x02, // SSRC of media source 2
            0x00, 0x0A,             // base sequence number 10
            0x00, 0x01,             // packet status count 1
            0x00, 0x00, 0x10,       // reference time 16 (x 64 ms = 1.024 s)
            0x00,                   // feedback packet count 0
            0x20, 0x01,             // run length chunk: T=0, S=01 (small delta), run 1
            0x04,                   // receive delta 4 x 250 us = 1 ms
            0x00);                  // zero padding

    /** Base sequence across the wrap, a loss, a negative and a large delta: one 2-bit vector. */
    static final byte[] WRAP_LOSS_LARGE = RtcpBytes.of(
            0x8F, 0xCD, 0x00, 0x06, // V=2, P=0, FMT=15, PT=205, length 6 (28 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x12, 0x34, 0x56, 0x78, // SSRC of media source 0x12345678
            0xFF, 0xFE,             // base sequence number 65534
            0x00, 0x05,             // packet status count 5: 65534, 65535, 0, 1, 2
            0xFF, 0xFF, 0xFE,       // reference time -2 (signed 24-bit)
            0xFF,                   // feedback packet count 255
            0xD1, 0xA0,             // T=1 S=1, symbols 01 00 01 10 10 (00 00 unused):
                                    // 1101 0001 1010 0000
            0x04,                   // 65534: small delta 4 (1 ms)
                                    // 65535: not received, no delta
            0x08,                   // 0: small delta 8 (2 ms)
            0xFF, 0xFC,             // 1: large delta -4 (-1 ms, reordered arrival)
            0x03, 0xE8);            // 2: large delta 1000 (250 ms, above 63.75 ms)

    /** Three packets with a loss in the middle: one 1-bit status vector. */
    static final byte[] ONE_BIT_VECTOR = RtcpBytes.of(
            0x8F, 0xCD, 0x00, 0x05, // length 5 (24 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x00, 0x00, 0x00, 0x02, // SSRC of media source 2
            0x01, 0x00,             // base sequence number 256
            0x00, 0x03,             // packet status count 3
            0x00, 0x00, 0x01,       // reference time 1
            0x07,                   // feedback packet count 7
            0xA8, 0x00,             // T=1 S=0, symbols 1 0 1 (11 unused): 1010 1000 0000 0000
            0x01, 0x02);            // small deltas 1 and 2

    /** Twenty losses then one arrival: two run length chunks, three bytes of padding. */
    static final byte[] RUN_OF_LOSSES = RtcpBytes.of(
            0x8F, 0xCD, 0x00, 0x06, // length 6 (28 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x00, 0x00, 0x00, 0x02, // SSRC of media source 2
            0x00, 0x64,             // base sequence number 100
            0x00, 0x15,             // packet status count 21
            0x7F, 0xFF, 0xFF,       // reference time 8388607 (largest)
            0x01,                   // feedback packet count 1
            0x00, 0x14,             // run length chunk: S=00 (not received), run 20
            0x20, 0x01,             // run length chunk: S=01 (small delta), run 1
            0x10,                   // small delta 16 (4 ms)
            0x00, 0x00, 0x00);      // zero padding

    static Stream<Arguments> knownPackets() {
        return Stream.of(
                Arguments.of("one packet", ONE_PACKET,
                        new TransportWideFeedback(1, 2, 10, 16, 0, List.of(4))),
                Arguments.of("wrap, loss, negative and large delta", WRAP_LOSS_LARGE,
                        new TransportWideFeedback(1, 0x12345678L, 65534, -2, 255,
                                List.of(4, NOT_RECEIVED, 8, -4, 1000))),
                Arguments.of("1-bit status vector", ONE_BIT_VECTOR,
                        new TransportWideFeedback(1, 2, 256, 1, 7, List.of(1, NOT_RECEIVED, 2))),
                Arguments.of("run of losses", RUN_OF_LOSSES,
                        new TransportWideFeedback(1, 2, 100, 0x7FFFFF, 1, runOfLosses())));
    }

    private static List<Integer> runOfLosses() {
        List<Integer> deltas = new ArrayList<>(Collections.nCopies(20, NOT_RECEIVED));
        deltas.add(16);
        return deltas;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownPackets")
    void parsesAndEncodesKnownBytes(String name, byte[] bytes, TransportWideFeedback expected) throws RtcpException {
        assertEquals(expected, RtcpBytes.roundTrip(bytes));
        assertArrayEquals(bytes, RtcpBytes.encode(expected));
    }

    @Test
    void exposesSequenceNumbersAndArrivalOffsets() throws RtcpException {
        TransportWideFeedback fb = (TransportWideFeedback) RtcpBytes.parseSingle(WRAP_LOSS_LARGE);
        assertEquals(5, fb.packetStatusCount());
        assertEquals(65535, fb.sequenceNumber(1));
        assertEquals(2, fb.sequenceNumber(4));
        assertTrue(fb.isReceived(0));
        assertFalse(fb.isReceived(1));
        assertEquals(-128_000, fb.referenceTimeMicros());
        long[] arrivals = new long[8];
        assertEquals(5, fb.arrivalOffsetsMicros(arrivals));
        // 1 ms, lost, 1 + 2 = 3 ms, 3 - 1 = 2 ms, 2 + 250 = 252 ms
        assertArrayEquals(new long[] {1000, Long.MIN_VALUE, 3000, 2000, 252_000},
                java.util.Arrays.copyOf(arrivals, 5));
    }

    @Test
    void parsesChunksOtherSendersChoose() throws RtcpException {
        byte[] nonCanonical = RtcpBytes.of(
                0x8F, 0xCD, 0x00, 0x06, // length 6 (28 bytes)
                0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
                0x00, 0x05, 0x00, 0x02, // base 5, count 2
                0x00, 0x00, 0x00, 0x00, // reference time 0, count 0
                0xC0, 0x00,             // 2-bit vector, 7 x not received (covers both: not canonical)
                0x00, 0x01,             // run length chunk after all statuses: ignored
                0x00, 0x00, 0x00, 0x00);
        TransportWideFeedback fb = (TransportWideFeedback) RtcpBytes.parseSingle(nonCanonical);
        assertEquals(List.of(NOT_RECEIVED, NOT_RECEIVED), fb.receiveDeltas());
        byte[] canonical = RtcpBytes.encode(fb);
        assertNotEquals(nonCanonical.length, canonical.length);
        assertEquals(fb, RtcpBytes.parseSingle(canonical));
    }

    @Test
    void acceptsLargeSymbolForASmallDeltaAndPaddingByPBit() throws RtcpException {
        byte[] ok = RtcpBytes.of(
                0xAF, 0xCD, 0x00, 0x06, // V=2, P=1, FMT=15, length 6 (28 bytes)
                0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
                0x00, 0x00, 0x00, 0x01,
                0x00, 0x00, 0x00, 0x00,
                0x40, 0x01,             // run length: S=10 (large), run 1
                0x00, 0x05,             // large delta 5
                0x00, 0x00, 0x00, 0x04); // padding, count 4
        assertEquals(new TransportWideFeedback(1, 2, 0, 0, 0, List.of(5)), RtcpBytes.parseSingle(ok));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("shorter than 20 bytes", RtcpBytes.of(
                        0x8F, 0xCD, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1)),
                Arguments.of("chunks missing", RtcpBytes.of(
                        0x8F, 0xCD, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0)),
                Arguments.of("reserved symbol in run", RtcpBytes.of(
                        0x8F, 0xCD, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0,
                        0x60, 0x01, 0x00, 0x00)),
                Arguments.of("reserved symbol in vector", RtcpBytes.of(
                        0x8F, 0xCD, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0,
                        0xF0, 0x00, 0x00, 0x00)),
                Arguments.of("deltas missing", RtcpBytes.of(
                        0x8F, 0xCD, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0,
                        0x20, 0x03, 0x01, 0x02)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedPackets(String name, byte[] bytes) {
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }

    static Stream<Arguments> roundTrips() {
        List<Integer> longRun = new ArrayList<>(Collections.nCopies(9000, 0)); // 8191 + 809
        List<Integer> mixed = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            mixed.add(i % 11 == 0 ? NOT_RECEIVED : i % 17 == 0 ? -i : i % 5 == 0 ? 256 + i : i % 256);
        }
        return Stream.of(
                Arguments.of("empty", List.of()),
                Arguments.of("all lost", Collections.nCopies(13, NOT_RECEIVED)),
                Arguments.of("extremes", List.of(-32768, 32767, 0, 255, 256, -1)),
                Arguments.of("run longer than 8191", longRun),
                Arguments.of("mixed", mixed),
                Arguments.of("fourteen then large", List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, NOT_RECEIVED, 300)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void roundTripsThroughCanonicalEncoding(String name, List<Integer> deltas) throws RtcpException {
        TransportWideFeedback fb = new TransportWideFeedback(0xFFFFFFFFL, 0, 65535, -0x800000, 128, deltas);
        byte[] bytes = RtcpBytes.encode(fb);
        assertEquals(0, bytes.length % 4);
        assertEquals(fb, RtcpBytes.parseSingle(bytes));
        assertEquals(fb, RtcpBytes.roundTrip(bytes));
    }

    @Test
    void rejectsInvalidFields() {
        assertThrows(IllegalArgumentException.class, () -> new TransportWideFeedback(1, 2, 65536, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TransportWideFeedback(1, 2, 0, 0x800000, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TransportWideFeedback(1, 2, 0, 0, 256, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TransportWideFeedback(1, 2, 0, 0, 0, List.of(40000)));
    }

    @Test
    void parsesInsideACompound() throws RtcpException {
        List<RtcpPacket> packets = RtcpBytes.parse(RtcpBytes.concat(ONE_PACKET, WRAP_LOSS_LARGE));
        assertEquals(2, packets.size());
        assertTrue(packets.get(1) instanceof TransportWideFeedback);
    }
}

package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiverEstimatedMaxBitrateTest {

    static final byte[] REMB = RtcpBytes.of(
            0x8F, 0xCE, 0x00, 0x06, // V=2, P=0, FMT=15, PT=206, length 6 (28 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x00, 0x00, 0x00, 0x00, // SSRC of media source 0
            'R', 'E', 'M', 'B',     // unique identifier
            0x02,                   // Num SSRC 2
            0x0B, 0xD0, 0x90,       // BR Exp 2, BR Mantissa 250000: 1000000 bps
            0x00, 0x00, 0x00, 0x0A, // SSRC feedback 10
            0x00, 0x00, 0x00, 0x0B); // SSRC feedback 11

    @Test
    void parsesBitrateAndSsrcs() throws RtcpException {
        ReceiverEstimatedMaxBitrate remb = (ReceiverEstimatedMaxBitrate) RtcpBytes.roundTrip(REMB);
        assertEquals(1L, remb.senderSsrc());
        assertEquals(1_000_000L, remb.bitrateBps());
        assertEquals(List.of(10L, 11L), remb.ssrcs());
    }

    static Stream<Arguments> bitrates() {
        return Stream.of(
                // bitrate, exponent, mantissa, representable bitrate
                Arguments.of(0L, 0, 0L, 0L),
                Arguments.of(262_143L, 0, 262_143L, 262_143L),
                Arguments.of(262_144L, 1, 131_072L, 262_144L),
                Arguments.of(262_145L, 1, 131_072L, 262_144L),
                Arguments.of(1_000_000L, 2, 250_000L, 1_000_000L),
                Arguments.of(1_000_003L, 2, 250_000L, 1_000_000L),
                Arguments.of(2_500_000_000L, 14, 152_587L, 152_587L << 14),
                Arguments.of(Long.MAX_VALUE, 45, 262_143L, 262_143L << 45));
    }

    @ParameterizedTest(name = "{0} bps")
    @MethodSource("bitrates")
    void encodesMantissaAndExponentRoundingDown(long bitrate, int exp, long mantissa, long representable)
            throws RtcpException {
        assertEquals(exp, ReceiverEstimatedMaxBitrate.exponent(bitrate));
        assertEquals(mantissa, ReceiverEstimatedMaxBitrate.mantissa(bitrate));
        ReceiverEstimatedMaxBitrate remb = new ReceiverEstimatedMaxBitrate(5, bitrate, List.of(6L));
        assertEquals(representable, remb.bitrateBps());
        byte[] bytes = RtcpBytes.encode(remb);
        assertEquals(exp, (bytes[17] & 0xFF) >> 2);
        assertEquals(mantissa, ((bytes[17] & 0x03L) << 16) | ((bytes[18] & 0xFF) << 8) | (bytes[19] & 0xFF));
        assertEquals(remb, RtcpBytes.parseSingle(bytes));
    }

    @Test
    void clampsHugeExponentWhenDecoding() throws RtcpException {
        byte[] bytes = REMB.clone();
        bytes[17] = (byte) 0xFF; // exp 63, mantissa high bits 11
        bytes[18] = (byte) 0xFF;
        bytes[19] = (byte) 0xFF;
        ReceiverEstimatedMaxBitrate remb = (ReceiverEstimatedMaxBitrate) RtcpBytes.parseSingle(bytes);
        assertEquals(262_143L << 45, remb.bitrateBps());
        assertTrue(remb.bitrateBps() > 0);
    }

    @Test
    void afbWithoutRembIdentifierIsUnknown() throws RtcpException {
        byte[] bytes = REMB.clone();
        bytes[12] = 'X';
        assertTrue(RtcpBytes.parseSingle(bytes) instanceof UnknownRtcpPacket);
    }

    @Test
    void rejectsSsrcCountBeyondPacket() {
        byte[] bytes = REMB.clone();
        bytes[16] = 3; // Num SSRC 3, two present
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }
}

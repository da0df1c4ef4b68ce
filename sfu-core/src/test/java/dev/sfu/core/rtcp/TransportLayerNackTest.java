package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransportLayerNackTest {

    static final byte[] NACK_WITH_BITMASK = RtcpBytes.of(
            0x81, 0xCD, 0x00, 0x04, // V=2, P=0, FMT=1, PT=205, length 4 (20 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x00, 0x00, 0x00, 0x02, // SSRC of media source 2
            0x00, 0x64, 0x00, 0x05, // PID 100, BLP 0b101: 101 and 103 lost
            0xFF, 0xFF, 0x80, 0x00); // PID 65535, BLP bit 15: 65535 + 16 = 15 lost

    @Test
    void parsesPidBlpPairsIntoList() throws RtcpException {
        TransportLayerNack nack = (TransportLayerNack) RtcpBytes.roundTrip(NACK_WITH_BITMASK);
        assertEquals(1L, nack.senderSsrc());
        assertEquals(2L, nack.mediaSsrc());
        assertEquals(List.of(100, 101, 103, 65535, 15), nack.lostSequenceNumbers());
    }

    static Stream<Arguments> packing() {
        return Stream.of(
                Arguments.of("single", List.of(7), new int[] {0x0007_0000}),
                Arguments.of("bitmask", List.of(100, 101, 103), new int[] {0x0064_0005}),
                Arguments.of("bit 16 is the farthest", List.of(100, 116), new int[] {0x0064_8000}),
                Arguments.of("17 apart starts a new pair", List.of(100, 117), new int[] {0x0064_0000, 0x0075_0000}),
                Arguments.of("across the wrap", List.of(65534, 65535, 0, 1), new int[] {0xFFFE_0007}),
                Arguments.of("out of order starts a new pair", List.of(105, 103), new int[] {0x0069_0000, 0x0067_0000}),
                Arguments.of("duplicate starts a new pair", List.of(5, 5), new int[] {0x0005_0000, 0x0005_0000}),
                Arguments.of("empty", List.of(), new int[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packing")
    void packsListIntoPidBlpAndBack(String name, List<Integer> lost, int[] pairs) throws RtcpException {
        TransportLayerNack nack = new TransportLayerNack(9, 10, lost);
        assertArrayEquals(pairs, nack.pidBlpPairs());
        assertEquals(12 + 4 * pairs.length, nack.encodedLength());
        assertEquals(nack, RtcpBytes.parseSingle(RtcpBytes.encode(nack)));
    }
}

package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpCompoundTest {

    /** SR without report blocks followed by SDES CNAME, the compound Chromium sends for a sending track. */
    static final byte[] CHROMIUM_SR_SDES = RtcpBytes.of(
            0x80, 0xC8, 0x00, 0x06, // SR: V=2, P=0, RC=0, PT=200, length 6 (28 bytes)
            0x5D, 0x3A, 0x7E, 0x21, // SSRC of sender
            0xE9, 0x4C, 0x34, 0x2F, // NTP timestamp, most significant word
            0x1C, 0xAC, 0x08, 0x31, // NTP timestamp, least significant word
            0x6B, 0x8B, 0x45, 0x67, // RTP timestamp
            0x00, 0x00, 0x01, 0x2C, // sender's packet count 300
            0x00, 0x00, 0xBB, 0x80, // sender's octet count 48000
            0x81, 0xCA, 0x00, 0x06, // SDES: V=2, P=0, SC=1, PT=202, length 6 (28 bytes)
            0x5D, 0x3A, 0x7E, 0x21, // SSRC
            0x01, 0x10,             // CNAME, length 16
            'q', '8', 'X', 'm', 'H', 'q', 'n', 'E', 'd', '5', 'U', 'E', 'a', '6', 'w', 'N',
            0x00, 0x00);            // END, null octet

    static final byte[] RR_REMB = RtcpBytes.concat(ReceiverReportTest.RR, ReceiverEstimatedMaxBitrateTest.REMB);

    @Test
    void parsesChromiumSenderReportAndCname() throws RtcpException {
        List<RtcpPacket> packets = RtcpBytes.parse(CHROMIUM_SR_SDES);
        assertEquals(List.of(
                new SenderReport(0x5D3A7E21L, 0xE94C342F_1CAC0831L, 0x6B8B4567L, 300, 48000, List.of()),
                new SourceDescription(List.of(new SourceDescription.Chunk(0x5D3A7E21L,
                        List.of(new SourceDescription.Item(SourceDescription.CNAME, "q8XmHqnEd5UEa6wN")))))),
                packets);
        assertArrayEquals(CHROMIUM_SR_SDES, RtcpBytes.encode(packets));
    }

    @Test
    void parsesReceiverReportWithRemb() throws RtcpException {
        List<RtcpPacket> packets = RtcpBytes.parse(RR_REMB);
        assertEquals(List.of(
                new ReceiverReport(1, List.of(new ReceptionReport(0x9ABCDEF0L, 0, 10, 65535, 256, 0, 0))),
                new ReceiverEstimatedMaxBitrate(1, 1_000_000, List.of(10L, 11L))), packets);
        assertArrayEquals(RR_REMB, RtcpBytes.encode(packets));
    }

    @Test
    void parsesFeedbackCompound() throws RtcpException {
        byte[] bytes = RtcpBytes.concat(ReceiverReportTest.EMPTY_RR, PictureLossIndicationTest.PLI,
                TransportLayerNackTest.NACK_WITH_BITMASK, UnknownRtcpPacketTest.TRANSPORT_CC,
                FullIntraRequestTest.FIR, GoodbyeTest.BYE_WITH_REASON);
        List<RtcpPacket> packets = RtcpBytes.parse(bytes);
        assertEquals(6, packets.size());
        assertEquals(new PictureLossIndication(1, 0xDEADBEEFL), packets.get(1));
        assertEquals(List.of(100, 101, 103, 65535, 15), ((TransportLayerNack) packets.get(2)).lostSequenceNumbers());
        assertEquals(UnknownRtcpPacket.class, packets.get(3).getClass());
        assertArrayEquals(bytes, RtcpBytes.encode(packets));
    }

    @Test
    void acceptsPaddingOnLastPacket() throws RtcpException {
        byte[] bytes = RtcpBytes.of(
                0xA1, 0xCE, 0x00, 0x03, // PLI with P=1, length 3 (16 bytes)
                0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
                0x00, 0x00, 0x00, 0x02, // SSRC of media source
                0x00, 0x00, 0x00, 0x04); // padding, count 4
        assertEquals(List.of(new PictureLossIndication(1, 2)), RtcpBytes.parse(bytes));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("header truncated", RtcpBytes.of(0x80, 0xC9, 0x00)),
                Arguments.of("version 1", RtcpBytes.of(0x40, 0xC9, 0x00, 0x01, 0, 0, 0, 1)),
                Arguments.of("length beyond datagram", RtcpBytes.of(0x80, 0xC9, 0x00, 0x02, 0, 0, 0, 1)),
                Arguments.of("trailing bytes", RtcpBytes.of(0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x80)),
                Arguments.of("padding count 0", RtcpBytes.of(0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0)),
                Arguments.of("padding beyond body", RtcpBytes.of(0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 5)),
                Arguments.of("RR count beyond length", RtcpBytes.of(0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedCompound(String name, byte[] bytes) {
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }
}

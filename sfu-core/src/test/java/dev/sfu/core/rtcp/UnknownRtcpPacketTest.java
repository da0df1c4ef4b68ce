package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnknownRtcpPacketTest {

    /** A transport-layer feedback of a format not modeled (RTPFB FMT=14), kept as bytes. */
    static final byte[] TRANSPORT_CC = RtcpBytes.of(
            0x8E, 0xCD, 0x00, 0x05, // V=2, P=0, FMT=14, PT=205, length 5 (24 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x00, 0x00, 0x00, 0x02, // SSRC of media source 2
            0x00, 0x0A,             // base sequence number 10
            0x00, 0x01,             // packet status count 1
            0x00, 0x00, 0x10,       // reference time
            0x00,                   // feedback packet count 0
            0x20, 0x01,             // run length chunk: 1 packet received, small delta
            0x04,                   // receive delta 1 ms
            0x00);                  // zero padding of the FCI

    /** An APP packet (PT=204) whose body is not word-aligned, padded with the P bit. */
    static final byte[] APP_WITH_PADDING = RtcpBytes.of(
            0xA3, 0xCC, 0x00, 0x03, // V=2, P=1, subtype 3, PT=204, length 3 (16 bytes)
            0x00, 0x00, 0x00, 0x09, // SSRC 9
            'T', 'E', 'S', 'T',     // name
            0x01,                   // application data
            0x00, 0x00, 0x03);      // padding, count 3

    @Test
    void keepsUnmodeledTransportFeedbackAsBytes() throws RtcpException {
        UnknownRtcpPacket packet = (UnknownRtcpPacket) RtcpBytes.roundTrip(TRANSPORT_CC);
        assertEquals(205, packet.packetType());
        assertEquals(14, packet.countOrFormat());
        assertArrayEquals(java.util.Arrays.copyOfRange(TRANSPORT_CC, 4, 24), packet.body());
    }

    @Test
    void keepsLargestPossiblePacket() throws RtcpException {
        byte[] bytes = new byte[4 * 65536]; // length field 0xFFFF: 65536 words
        bytes[0] = (byte) 0x80;             // V=2, P=0, count 0
        bytes[1] = (byte) 207;              // PT=207 (XR)
        bytes[2] = (byte) 0xFF;             // length 0xFFFF
        bytes[3] = (byte) 0xFF;
        UnknownRtcpPacket packet = (UnknownRtcpPacket) RtcpBytes.roundTrip(bytes);
        assertEquals(4 * 65536 - 4, packet.body().length);
    }

    @Test
    void removesPaddingAndWritesItBack() throws RtcpException {
        UnknownRtcpPacket packet = (UnknownRtcpPacket) RtcpBytes.roundTrip(APP_WITH_PADDING);
        assertEquals(204, packet.packetType());
        assertEquals(3, packet.countOrFormat());
        assertArrayEquals(RtcpBytes.of(0, 0, 0, 9, 'T', 'E', 'S', 'T', 1), packet.body());
    }
}

package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SenderReportTest {

    static final byte[] SR_WITH_REPORT = RtcpBytes.of(
            0x81, 0xC8, 0x00, 0x0C, // V=2, P=0, RC=1, PT=200, length 12 (52 bytes)
            0x11, 0x22, 0x33, 0x44, // SSRC of sender
            0xE9, 0x4C, 0x34, 0x2F, // NTP timestamp, most significant word
            0x80, 0x00, 0x00, 0x00, // NTP timestamp, least significant word (0.5 s)
            0x00, 0x01, 0xE2, 0x40, // RTP timestamp 123456
            0x00, 0x00, 0x03, 0xE8, // sender's packet count 1000
            0x00, 0x0F, 0x42, 0x40, // sender's octet count 1000000
            0xAA, 0xBB, 0xCC, 0xDD, // report block: SSRC_1
            0x40,                   // fraction lost 64/256
            0xFF, 0xFF, 0xFE,       // cumulative number of packets lost -2 (signed 24-bit)
            0x00, 0x01, 0x00, 0x05, // extended highest sequence number (cycles 1, seq 5)
            0x00, 0x00, 0x00, 0x20, // interarrival jitter 32
            0x34, 0x2F, 0x80, 0x00, // last SR
            0x00, 0x00, 0x80, 0x00); // delay since last SR (0.5 s in 1/65536 s)

    @Test
    void parsesEveryFieldAndReencodes() throws RtcpException {
        SenderReport sr = (SenderReport) RtcpBytes.roundTrip(SR_WITH_REPORT);
        assertEquals(0x11223344L, sr.senderSsrc());
        assertEquals(0xE94C342F_80000000L, sr.ntpTimestamp());
        assertEquals(123456L, sr.rtpTimestamp());
        assertEquals(1000L, sr.packetCount());
        assertEquals(1_000_000L, sr.octetCount());
        assertEquals(List.of(new ReceptionReport(0xAABBCCDDL, 64, -2, 0x10005L, 32, 0x342F8000L, 0x8000L)),
                sr.reports());
        ReceptionReport report = sr.reports().get(0);
        assertEquals(0xAABBCCDDL, report.ssrc());
        assertEquals(64, report.fractionLost());
        assertEquals(-2, report.cumulativeLost());
        assertEquals(0x10005L, report.extendedHighestSequence());
        assertEquals(32L, report.jitter());
        assertEquals(0x342F8000L, report.lastSenderReport());
        assertEquals(0x8000L, report.delaySinceLastSenderReport());
    }

    @Test
    void rejectsReportCountBeyondLength() {
        byte[] bytes = SR_WITH_REPORT.clone();
        bytes[0] = (byte) 0x82; // RC=2, only one block present
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new SenderReport(1L << 32, 0, 0, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ReceptionReport(1, 256, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ReceptionReport(1, 0, 0x800000, 0, 0, 0, 0));
    }
}

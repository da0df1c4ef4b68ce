package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverReportTest {

    static final byte[] RR = RtcpBytes.of(
            0x81, 0xC9, 0x00, 0x07, // V=2, P=0, RC=1, PT=201, length 7 (32 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x9A, 0xBC, 0xDE, 0xF0, // report block: SSRC_1
            0x00,                   // fraction lost 0
            0x00, 0x00, 0x0A,       // cumulative number of packets lost 10
            0x00, 0x00, 0xFF, 0xFF, // extended highest sequence number 65535
            0x00, 0x00, 0x01, 0x00, // interarrival jitter 256
            0x00, 0x00, 0x00, 0x00, // last SR: none
            0x00, 0x00, 0x00, 0x00); // delay since last SR: none

    static final byte[] EMPTY_RR = RtcpBytes.of(
            0x80, 0xC9, 0x00, 0x01, // V=2, P=0, RC=0, PT=201, length 1
            0xFF, 0xFF, 0xFF, 0xFF); // SSRC of packet sender 0xFFFFFFFF

    @Test
    void parsesEveryFieldAndReencodes() throws RtcpException {
        ReceiverReport rr = (ReceiverReport) RtcpBytes.roundTrip(RR);
        assertEquals(1L, rr.senderSsrc());
        assertEquals(List.of(new ReceptionReport(0x9ABCDEF0L, 0, 10, 65535, 256, 0, 0)), rr.reports());
    }

    @Test
    void parsesReportWithoutBlocks() throws RtcpException {
        ReceiverReport rr = (ReceiverReport) RtcpBytes.roundTrip(EMPTY_RR);
        assertEquals(new ReceiverReport(0xFFFFFFFFL, List.of()), rr);
    }
}

package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FullIntraRequestTest {

    static final byte[] FIR = RtcpBytes.of(
            0x84, 0xCE, 0x00, 0x06, // V=2, P=0, FMT=4, PT=206, length 6 (28 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0x00, 0x00, 0x00, 0x00, // SSRC of media source: 0 (RFC 5104 §4.3.1.2)
            0x00, 0x00, 0x00, 0x0A, // FCI 1: SSRC 10
            0x07, 0x00, 0x00, 0x00, //        Seq nr. 7, reserved
            0x00, 0x00, 0x00, 0x0B, // FCI 2: SSRC 11
            0xFF, 0x00, 0x00, 0x00); //       Seq nr. 255, reserved

    @Test
    void parsesEntriesAndReencodes() throws RtcpException {
        FullIntraRequest fir = (FullIntraRequest) RtcpBytes.roundTrip(FIR);
        assertEquals(1L, fir.senderSsrc());
        assertEquals(List.of(new FullIntraRequest.Entry(10, 7), new FullIntraRequest.Entry(11, 255)), fir.entries());
    }
}
